/**
 * What `drover status` and `drover plan` show, loaded the way the app loads it: the config from
 * the default branch, the snapshot (the app's own loader: one paginated GraphQL query plus the
 * markers), the core's task model and the planner's plan. Nothing is written.
 */
import { loadSnapshot } from '../app/github/load-snapshot.js';
import { parseConfig, defaultConfig, type DroverConfig } from '../core/config.js';
import { normaliseEpic } from '../core/normalise-epic.js';
import { plan as planTasks } from '../core/plan.js';
import { buildTaskModel, type TaskModel } from '../core/task-model.js';
import type { Plan, RunRecord, Snapshot } from '../core/types.js';
import { CliError } from './cli-error.js';
import { httpStatus, type GitHubClient } from './github-client.js';
import type { RepoRef } from './repo-ref.js';

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

export async function loadTaskState(
  client: GitHubClient,
  repo: RepoRef,
  scope: ScopeOptions = {},
): Promise<TaskState> {
  const config = await loadRepoConfig(client, repo);
  const loaded = await loadSnapshot(client, `${repo.owner}/${repo.repo}`, config.labels);
  const now = new Date();
  const active = loaded.run !== null && !loaded.run.cancelled ? loaded.run : null;
  const run = scopedRun(active, config, scope, now);
  const snapshot: Snapshot = { ...loaded, run };
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
