/**
 * What `drover status` and `drover plan` show, loaded the way the controller loads it: its own
 * observe step (config, control record, task issues, attempts from their claims, runs and
 * artifacts, pull requests), the planner's view of each task, the core's task model and the
 * schedule, and the closed tasks. Nothing is written.
 *
 * This is the CLI's one reader of the run record and of task state (status, plan and the
 * demo's watch all come through here): when the app stores them differently, this module is
 * the one to re-point. Titles are made safe for a terminal here, once, for every renderer.
 */
import { createRepoGateway } from '../app/github/repo-gateway.js';
import { readControl } from '../app/reconcile/control-store.js';
import { observe } from '../app/reconcile/observe/observe.js';
import { CONFIG_PATH } from '../app/reconcile/observe/read-pass-facts.js';
import { RepoSession } from '../app/reconcile/repo-session.js';
import { statusRenderers } from '../app/status/status-comment.js';
import { parseConfig, defaultConfig, type DroverConfig } from '../core/config.js';
import type { RepoGateway } from '../core/gateway/index.js';
import { planReconcile } from '../core/plan/plan-reconcile.js';
import { schedulingSnapshot } from '../core/plan/schedule-input.js';
import { normaliseEpic } from '../core/normalise-epic.js';
import { plan as planTasks } from '../core/plan.js';
import { buildTaskModel, type TaskModel } from '../core/task-model.js';
import type { Plan, RunRecord, Snapshot } from '../core/types.js';
import { CliError } from './cli-error.js';
import { httpStatus, type GitHubClient } from './github-client.js';
import { labelNames, listDroverIssues } from './list-drover-issues.js';
import type { RepoRef } from './repo-ref.js';
import { terminalLine } from './terminal-text.js';

export const CONFIG_FILE = '.github/drover.yml';

export interface TaskState {
  config: DroverConfig;
  snapshot: Snapshot;
  model: TaskModel;
  plan: Plan;
  /** The run the plan is for: the active one, or a preview one when none is active or options ask. */
  run: RunRecord;
  /** True when no run is active and `run` is a preview. */
  preview: boolean;
  now: Date;
}

/** A closed task the snapshot does not hold (it loads open tasks and those closed during the run). */
export interface ClosedTask {
  number: number;
  title: string;
  epic: string | null;
  notPlanned: boolean;
}

/** How a run ended, once it has. */
export interface RunEnd {
  runId: string;
  verdict: string;
}

export interface ScopeOptions {
  epic?: string;
  workers?: number;
}

export async function loadRepoConfig(client: GitHubClient, repo: RepoRef): Promise<DroverConfig> {
  let text: string;
  try {
    const { data } = await client.rest.repos.getContent({ ...repo, path: CONFIG_FILE });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data))
      throw new CliError(`${CONFIG_FILE} is not a file`);
    text = Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    // No config file: Drover runs with the defaults (as the app does). An empty repository answers 404 too.
    if (httpStatus(error) === 404) return defaultConfig();
    throw error;
  }
  const parsed = parseConfig(text);
  if (!parsed.ok)
    throw new CliError(`${CONFIG_FILE} on the default branch is invalid; fix it first`, parsed.problems);
  return parsed.config;
}

/** The controller's read-only view of the repository, through the user's client. */
function readerFor(client: GitHubClient, repo: RepoRef): { gateway: RepoGateway; session: RepoSession } {
  const session = new RepoSession(`${repo.owner}/${repo.repo}`);
  // No app identity: the CLI reads no comment as Drover's own.
  const gateway = createRepoGateway(client, session.repo, {
    identity: { appId: -1, botLogin: null },
    cache: session.cache,
    stats: session.stats,
  });
  return { gateway, session };
}

export async function loadTaskState(
  client: GitHubClient,
  repo: RepoRef,
  scope: ScopeOptions = {},
): Promise<TaskState> {
  if (scope.epic !== undefined) await checkEpic(client, repo, scope.epic);
  const now = new Date();
  const { gateway, session } = readerFor(client, repo);
  const { state } = await observe(gateway, session, { now, webUrl: '' });
  const broken = state.configProblems.filter((problem) => problem.startsWith(CONFIG_PATH));
  if (broken.length > 0)
    throw new CliError(`${CONFIG_FILE} on the default branch is invalid; fix it first`, broken);
  const config = state.config;
  const planned = planReconcile(state, now, statusRenderers);
  const recorded = state.control.run;
  const active = recorded !== null && !recorded.cancelled && !recorded.endedAt ? recorded : null;
  const run = scopedRun(active, config, scope, now);
  const snapshot = safeTitles({ ...schedulingSnapshot(state, planned.progress, now), run });
  return {
    config,
    snapshot,
    model: buildTaskModel(snapshot, config),
    plan: planTasks(snapshot, config, now),
    run,
    preview: active === null || scope.epic !== undefined || scope.workers !== undefined,
    now,
  };
}

/**
 * Whether the repository's run has ended, and how: what the demo waits for. Reads only the
 * control record (two REST calls, no GraphQL), so polling it does not change what the demo
 * measures.
 */
export async function loadRunEnd(client: GitHubClient, repo: RepoRef): Promise<RunEnd | null> {
  const { gateway, session } = readerFor(client, repo);
  return runEndOf((await readControl(gateway, session)).record.run);
}

export function runEndOf(run: RunRecord | null): RunEnd | null {
  if (run === null) return null;
  if (run.cancelled) return { runId: run.id, verdict: 'cancelled' };
  return run.endedAt ? { runId: run.id, verdict: run.verdict ?? 'ended' } : null;
}

export async function loadClosedTasks(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
): Promise<ClosedTask[]> {
  const issues = await listDroverIssues(client, repo, label);
  return issues
    .filter((issue) => issue.state === 'closed')
    .map((issue) => ({
      number: issue.number,
      title: terminalLine(issue.title),
      epic:
        labelNames(issue)
          .find((name) => name.startsWith('epic:'))
          ?.slice('epic:'.length) ?? null,
      notPlanned: issue.state_reason === 'not_planned',
    }));
}

/** `--epic x` must name an epic of the repository: an `epic:x` label (GitHub's label names ignore case). */
async function checkEpic(client: GitHubClient, repo: RepoRef, name: string): Promise<void> {
  const epic = normaliseEpic(name);
  if (epic === null) return;
  const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  const epics = labels
    .map((label) => /^epic:(.+)$/i.exec(label.name.trim())?.[1]?.trim())
    .filter((found): found is string => found !== undefined);
  if (epics.some((found) => found.toLowerCase() === epic.toLowerCase())) return;
  const known = epics.length > 0 ? `epics: ${epics.sort().join(', ')}` : 'it has no epic:* label';
  throw new CliError(`--epic "${name}": ${repo.owner}/${repo.repo} has no epic of that name (${known})`);
}

/** Issue titles come from anyone who can open an issue: no control sequence reaches a terminal. */
function safeTitles(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    issues: snapshot.issues.map((issue) => ({ ...issue, title: terminalLine(issue.title) })),
    referenced: snapshot.referenced.map((issue) =>
      issue.title === undefined ? issue : { ...issue, title: terminalLine(issue.title) },
    ),
  };
}

/** The active run, narrowed or widened by the options; a preview run when none is active. */
function scopedRun(
  active: RunRecord | null,
  config: DroverConfig,
  scope: ScopeOptions,
  now: Date,
): RunRecord {
  const epic = scope.epic !== undefined ? normaliseEpic(scope.epic) : (active?.epic ?? null);
  return {
    id: active?.id ?? 'cli-preview',
    epic,
    workers: scope.workers ?? active?.workers ?? config.workers,
    budgetUsd: active?.budgetUsd ?? config.budget_usd,
    // A paused run plans nothing; the preview shows what would run once resumed.
    paused: false,
    cancelled: false,
    startedBy: active?.startedBy ?? 'drover-cli',
    startedAt: active?.startedAt ?? now.toISOString(),
  };
}
