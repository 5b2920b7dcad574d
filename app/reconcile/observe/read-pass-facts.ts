/**
 * The facts every pass reads afresh: the default branch head, the config, the attempt workflow,
 * the control record. Every read is conditional (ETag), so when nothing changed a pass pays
 * nothing for them. The repository's settings are read on full reads.
 */
import { parse as parseYaml } from 'yaml';
import { defaultConfig, parseConfig, type DroverConfig } from '../../../core/config.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import { readControl } from '../control-store.js';
import type { PassFacts, RepoSession } from '../repo-session.js';

export const CONFIG_PATH = '.github/drover.yml';

/** The dispatch inputs the controller sends: the attempt workflow must declare each. */
export const REQUIRED_INPUTS = [
  'task',
  'attempt',
  'run',
  'mode',
  'slot',
  'base-sha',
  'pull-request',
  // Revise attempts (the review or comment that asked) and budgets (what is left of it).
  'feedback',
  'budget-usd',
  'text-hash',
] as const;

export async function readPassFacts(
  gateway: RepoGateway,
  session: RepoSession,
  options: { webUrl: string; full: boolean },
): Promise<PassFacts> {
  const { webUrl } = options;
  // The repository object changes with every push (`pushed_at`), so its ETag rarely saves a
  // request; its settings change rarely, and a full read picks them up.
  if (options.full || session.repoSettings === null)
    session.repoSettings = await gateway.repository.settings();
  const settings = session.repoSettings;
  if (settings.allowAutoMerge === false) session.autoMergeAllowed = false;
  const head = await gateway.repository.branchHead(settings.defaultBranch);
  if (head === null)
    throw new Error(`The default branch ${settings.defaultBranch} of ${gateway.repo} has no commit yet`);
  const loaded = await loadConfig(gateway);
  const workflowProblem = loaded.problems.length > 0 ? null : await checkWorkflow(gateway, loaded.config);
  const control = await readControl(gateway, session);
  return {
    webUrl,
    defaultBranch: { name: settings.defaultBranch, sha: head },
    config: loaded.config,
    configProblems: [
      ...loaded.problems,
      ...(workflowProblem === null ? [] : [workflowProblem]),
      ...(control.problem === null ? [] : [control.problem]),
    ],
    control: control.record,
    controlSha: control.sha,
    deletesMergedBranches: settings.deleteBranchOnMerge === true,
  };
}

export interface LoadedConfig {
  config: DroverConfig;
  /** Problems in .github/drover.yml; non-empty means the defaults stand in and nothing is dispatched. */
  problems: string[];
}

export async function loadConfig(gateway: RepoGateway): Promise<LoadedConfig> {
  const text = await gateway.repository.readFile(CONFIG_PATH);
  if (text === null) return { config: defaultConfig(), problems: [] };
  const parsed = parseConfig(text);
  if (parsed.ok) return { config: parsed.config, problems: [] };
  return {
    config: defaultConfig(),
    problems: parsed.problems.map((problem) => `${CONFIG_PATH}: ${problem}`),
  };
}

/** A problem with the attempt workflow that would make every dispatch fail, or null. */
export async function checkWorkflow(gateway: RepoGateway, config: DroverConfig): Promise<string | null> {
  const path = `.github/workflows/${config.workflow}`;
  const text = await gateway.repository.readFile(path);
  if (text === null)
    return `${path} does not exist on the default branch: Drover dispatches it for every attempt (\`drover init\` writes it).`;
  let workflow: unknown;
  try {
    workflow = parseYaml(text);
  } catch (error) {
    return `${path} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`;
  }
  const on = (workflow as { on?: unknown } | null)?.on;
  const dispatch =
    on === 'workflow_dispatch' || (Array.isArray(on) && on.includes('workflow_dispatch'))
      ? {}
      : (on as Record<string, unknown> | null | undefined)?.workflow_dispatch;
  if (dispatch === undefined)
    return `${path} has no \`workflow_dispatch\` trigger: Drover cannot start attempts with it (see \`drover init\`).`;
  const inputs = Object.keys(((dispatch ?? {}) as { inputs?: Record<string, unknown> }).inputs ?? {});
  const missing = REQUIRED_INPUTS.filter((input) => !inputs.includes(input));
  if (missing.length === 0) return null;
  return `${path} does not declare the inputs ${missing.join(', ')} that Drover sends (an older template?): update it from \`drover init\`.`;
}
