/**
 * The repository's own instructions for coding agents: the file `instructions` in
 * `.github/drover.yml` names, else AGENTS.md and CLAUDE.md where they exist. They are read from
 * the default branch (never from a task's branch, which an earlier attempt wrote) and copied to
 * `.drover/instructions/` in the workspace (never committed), where the prompt points the agent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GitClient } from './git-client.js';
import { DROVER_DIR } from './workspace.js';

export const DEFAULT_INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;
/** An instruction file is guidance, not a manual: a prompt has room for this much of it. */
const MAX_INSTRUCTION_BYTES = 200_000;

/** Paths (relative to the workspace) of the copies, in the order they were found. */
export async function copyInstructions(
  git: GitClient,
  defaultBranchRef: string,
  configured: string | null,
): Promise<string[]> {
  const wanted = configured === null ? [...DEFAULT_INSTRUCTION_FILES] : [configured.replace(/^\.?\//, '')];
  const copies: string[] = [];
  for (const path of wanted) {
    // Exit 128: no such file on that branch.
    const shown = await git.exec(['show', `${defaultBranchRef}:${path}`], { okExitCodes: [128] });
    if (shown.exitCode !== 0) {
      if (configured !== null)
        throw new Error(`instructions: ${path} (from .github/drover.yml) is not on the default branch`);
      continue;
    }
    const copy = join(DROVER_DIR, 'instructions', `${copies.length + 1}-${basename(path)}`);
    await mkdir(join(git.workspace, DROVER_DIR, 'instructions'), { recursive: true });
    await writeFile(join(git.workspace, copy), shown.stdout.subarray(0, MAX_INSTRUCTION_BYTES));
    copies.push(copy);
  }
  return copies;
}
