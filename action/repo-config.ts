/**
 * `.github/drover.yml` as the default branch has it: settings that steer the agent are never
 * taken from a task's own branch (a task could otherwise rewrite its own verify command).
 */
import { defaultConfig, parseConfig, type DroverConfig } from '../core/config.js';
import type { GitClient } from './git-client.js';

export const CONFIG_PATH = '.github/drover.yml';

export async function readRepoConfig(git: GitClient, defaultBranchRef: string): Promise<DroverConfig> {
  // The branch itself must be there: a missing ref would silently mean "every default applies".
  await git.exec(['rev-parse', '--verify', '--quiet', `${defaultBranchRef}^{commit}`]);
  // Exit 128: no such file on that branch, so every default applies.
  const shown = await git.exec(['show', `${defaultBranchRef}:${CONFIG_PATH}`], { okExitCodes: [128] });
  if (shown.exitCode !== 0) return defaultConfig();
  const parsed = parseConfig(shown.stdout.toString('utf8'));
  if (!parsed.ok)
    throw new Error(`${CONFIG_PATH} on the default branch is invalid: ${parsed.problems.join('; ')}`);
  return parsed.config;
}
