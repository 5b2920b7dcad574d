/**
 * Keeps a GitHub Projects (v2) board in step with the tasks: when `project:` is configured,
 * every task is an item of the project and its Status field shows the task's state.
 *
 * API cost: one lookup of the project's field, one read of the items' current statuses (when
 * the gateway offers `readProjectStatuses`), and writes only for cards whose status changes.
 *
 * A missing project, field or option is reported once through `reportProblem`, and then not
 * looked up again on every reconcile: the result's `problemKey` names the configuration that
 * failed, and the caller passes it back next time (persisting it where it keeps the run's
 * state). Changing `project:` in the config changes the key, so the fix is picked up at once;
 * passing `null` (e.g. for a new run) checks again.
 */
import type { DroverConfig } from '../../core/config.js';
import type { ProjectStatusField, RepoGateway } from '../../core/gateway.js';
import type { Plan, Snapshot, Task } from '../../core/types.js';
import { projectStatusKey, readySet } from './project-status-option.js';

export interface ProjectSyncState {
  /** The project configuration whose problem was already reported, or null. */
  problemKey: string | null;
  /** Option last written per issue node id: skips writes when the gateway cannot read statuses. */
  written: Record<string, string>;
}

export interface SyncProjectInput {
  gateway: RepoGateway;
  config: DroverConfig;
  snapshot: Snapshot;
  tasks: readonly Task[] | ReadonlyMap<number, Task>;
  /** The reconcile's plan: tells Ready from Todo. Without it every todo task shows as Todo. */
  plan?: Plan | null;
  reportProblem: (message: string) => Promise<void>;
  /** What the previous call returned (persisted by the caller); omitted = nothing known. */
  state?: ProjectSyncState | null;
}

export function emptyProjectSyncState(): ProjectSyncState {
  return { problemKey: null, written: {} };
}

export async function syncProject(input: SyncProjectInput): Promise<ProjectSyncState> {
  const project = input.config.project;
  const state = input.state ?? emptyProjectSyncState();
  if (project === null) return emptyProjectSyncState();
  const configKey = `${project.owner}/${project.number}/${project.field}`;
  if (state.problemKey === `${configKey}#missing`) return state;

  const field = await input.gateway.findProjectStatusField(project.owner, project.number, project.field);
  if (field === null) {
    await input.reportProblem(missingFieldText(project));
    return { problemKey: `${configKey}#missing`, written: {} };
  }
  const wanted = wantedStatuses(input);
  const missing = [...new Set(wanted.values())]
    .filter((option) => field.options[option] === undefined)
    .sort();
  const problemKey = missing.length === 0 ? null : `${configKey}#options:${missing.join(',')}`;
  if (problemKey !== null && problemKey !== state.problemKey) {
    await input.reportProblem(missingOptionsText(project, missing, Object.keys(field.options)));
  }
  const current = await currentStatuses(input.gateway, field, [...wanted.keys()], state.written);
  const written: Record<string, string> = {};
  for (const [nodeId, option] of wanted) {
    if (field.options[option] === undefined) continue;
    if (current.get(nodeId) !== option) await input.gateway.setProjectStatus(field, nodeId, option);
    written[nodeId] = option;
  }
  return { problemKey, written };
}

/** Issue node id → option name, for every task that has a column. */
function wantedStatuses(input: SyncProjectInput): Map<string, string> {
  const statuses = input.config.project?.statuses;
  const nodeIds = new Map(input.snapshot.issues.map((issue) => [issue.number, issue.nodeId]));
  const ready = readySet(input.plan);
  const wanted = new Map<string, string>();
  if (statuses === undefined) return wanted;
  for (const task of input.tasks.values()) {
    const key = projectStatusKey(task, ready);
    const nodeId = nodeIds.get(task.number);
    // The snapshot loads every task issue's node id; one without is not on GitHub as a task.
    if (key === null || nodeId === undefined) continue;
    wanted.set(nodeId, statuses[key]);
  }
  return wanted;
}

async function currentStatuses(
  gateway: RepoGateway,
  field: ProjectStatusField,
  nodeIds: string[],
  written: Record<string, string>,
): Promise<Map<string, string | null>> {
  if (gateway.readProjectStatuses === undefined || nodeIds.length === 0) {
    return new Map(nodeIds.map((id) => [id, written[id] ?? null]));
  }
  return gateway.readProjectStatuses(field, nodeIds);
}

type ProjectConfig = NonNullable<DroverConfig['project']>;

function missingFieldText(project: ProjectConfig): string {
  return (
    `The Projects board is not updated: project ${project.number} of \`${project.owner}\` was not found, ` +
    `or it has no single-select field "${project.field}" (or the app cannot read it). ` +
    'Check `project:` in .github/drover.yml and that the app is granted the Projects permission; ' +
    'Drover tries again when `project:` changes or a new run starts.'
  );
}

function missingOptionsText(project: ProjectConfig, missing: string[], existing: string[]): string {
  const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
  return (
    `The Projects field "${project.field}" has no option ${quoted(missing)} (it has ${quoted(existing)}): ` +
    'tasks in those states keep their card where it is. Add the options to the field, or map the states to ' +
    'existing options under `project.statuses` in .github/drover.yml.'
  );
}
