/**
 * `drover init`: write `.github/drover.yml` and the workflow into the local checkout and create
 * Drover's labels in the repository; with `--controller actions`, also the controller workflow
 * (Drover with no server). Idempotent: files that already exist are kept (unless `--force`),
 * labels that exist are left alone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { errorCode } from '../github-client.js';
import { ensureLabels } from '../ensure-labels.js';
import {
  CONFIG_PATH,
  CONFIG_TEMPLATE,
  CONTROLLER_WORKFLOW_PATH,
  controllerWorkflowTemplate,
  WORKFLOW_PATH,
  workflowTemplate,
} from '../init-files.js';
import { INIT_LABELS } from '../labels.js';

export interface InitOptions {
  /** The checkout to write into. */
  dir: string;
  force: boolean;
  /** `app`: the Drover GitHub App drives the repository; `actions`: the controller workflow does. */
  controller: ControllerMode;
}

export const CONTROLLER_MODES = ['app', 'actions'] as const;
export type ControllerMode = (typeof CONTROLLER_MODES)[number];

type FileOutcome = 'created' | 'unchanged' | 'kept' | 'overwritten';

export async function initCommand(context: CommandContext, options: InitOptions): Promise<void> {
  const files: Array<[string, string]> = [
    [CONFIG_PATH, CONFIG_TEMPLATE],
    [WORKFLOW_PATH, await workflowTemplate()],
  ];
  if (options.controller === 'actions')
    files.push([CONTROLLER_WORKFLOW_PATH, await controllerWorkflowTemplate()]);
  for (const [path, content] of files) {
    const outcome = await writeIfMissing(join(options.dir, path), content, options.force);
    context.out(
      `${path}: ${outcome}${outcome === 'kept' ? ' (differs from the template; --force replaces it)' : ''}`,
    );
  }
  const created = await ensureLabels(context.client, context.repo, INIT_LABELS);
  const { owner, repo } = context.repo;
  context.out(
    `${owner}/${repo}: ${created.length} label(s) created, ${INIT_LABELS.length - created.length} already there`,
  );
  context.err(
    options.controller === 'actions'
      ? 'next: commit the three files, set DROVER_APP_ID and DROVER_APP_PRIVATE_KEY (or use the GITHUB_TOKEN: see docs/getting-started.md), label issues "drover", comment /drover run'
      : 'next: commit the two files, install the Drover app, label issues "drover", comment /drover run',
  );
}

async function writeIfMissing(path: string, content: string, force: boolean): Promise<FileOutcome> {
  const current = await readIfExists(path);
  if (current === content) return 'unchanged';
  if (current !== null && !force) return 'kept';
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return current === null ? 'created' : 'overwritten';
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}
