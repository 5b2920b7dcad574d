/**
 * Keeps a GitHub Projects (v2) board in step with the tasks: when `project:` is configured,
 * every task is an item of the project and its Status field shows the task's state.
 *
 * API cost when something changed: one lookup of the project's field, one read of the items'
 * current statuses (when the gateway offers `readProjectStatuses`), and writes only for cards
 * whose status differs.
 *
 * The caller keeps the returned state and passes it back next time (see project-view.ts):
 * - a sync whose wanted statuses equal the ones last written makes no API call at all;
 * - a missing project, field or option is reported once through `reportProblem`, and a missing
 *   project or field is not looked up again on every reconcile. Changing `project:` in the
 *   config changes the state's key, so a fix there is picked up at once; passing no state
 *   (e.g. after a restart) checks again.
 */
import type { DroverConfig } from '../../core/config.js';
import type { ProjectStatusField, RepoGateway } from '../../core/gateway.js';
import type { Plan, Snapshot, Task } from '../../core/types.js';
import { isCompleted } from '../../core/task-model.js';
import { projectStatusKey, readySet } from './project-status-option.js';

export interface ProjectSyncState {
  /** The project configuration (`owner/number/field`) this state is about. */
  project: string | null;
  /** The problem already reported for it, or null. */
  problemKey: string | null;
  /** Option last written per issue node id: a sync that would change nothing makes no API call. */
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
  /** What the previous call returned (kept by the caller); omitted = nothing known. */
  state?: ProjectSyncState | null;
}

export function emptyProjectSyncState(): ProjectSyncState {
  return { project: null, problemKey: null, written: {} };
}

export async function syncProject(input: SyncProjectInput): Promise<ProjectSyncState> {
  const project = input.config.project;
  if (project === null) return emptyProjectSyncState();
  const configKey = `${project.owner}/${project.number}/${project.field}`;
  const known: ProjectSyncState =
    input.state?.project === configKey ? input.state : { ...emptyProjectSyncState(), project: configKey };
  if (known.problemKey === `${configKey}#missing`) return known;
  const wanted = wantedStatuses(input, known.written);
  if (sameStatuses(wanted, known.written)) return known;

  const field = await input.gateway.findProjectStatusField(project.owner, project.number, project.field);
  if (field === null) {
    await input.reportProblem(missingFieldText(project));
    return { project: configKey, problemKey: `${configKey}#missing`, written: {} };
  }
  const missing = [...new Set(wanted.values())]
    .filter((option) => field.options[option] === undefined)
    .sort();
  const problemKey = missing.length === 0 ? null : `${configKey}#options:${missing.join(',')}`;
  if (problemKey !== null && problemKey !== known.problemKey) {
    await input.reportProblem(missingOptionsText(project, missing, Object.keys(field.options)));
  }
  const current = await currentStatuses(input.gateway, field, [...wanted.keys()], known.written);
  const written: Record<string, string> = {};
  for (const [nodeId, option] of wanted) {
    // Remembered even when the option is missing: that problem is reported once, not retried.
    written[nodeId] = option;
    if (field.options[option] === undefined || current.get(nodeId) === option) continue;
    await input.gateway.setProjectStatus(field, nodeId, option);
  }
  return { project: configKey, problemKey, written };
}

/**
 * Issue node id → option name, for every task that has a column. A done task leaves the
 * snapshot (it holds open tasks only); while it is still referenced as a closed blocker and was
 * on the board, it moves to Done here. Other closed cards follow GitHub's built-in project
 * workflow ("Item closed" sets Done).
 */
function wantedStatuses(input: SyncProjectInput, written: Record<string, string>): Map<string, string> {
  const statuses = input.config.project?.statuses;
  const wanted = new Map<string, string>();
  if (statuses === undefined) return wanted;
  const nodeIds = new Map(input.snapshot.issues.map((issue) => [issue.number, issue.nodeId]));
  const ready = readySet(input.plan);
  for (const task of input.tasks.values()) {
    const key = projectStatusKey(task, ready);
    const nodeId = nodeIds.get(task.number);
    // The snapshot loads every task issue's node id; one without is not on GitHub as a task.
    if (key === null || nodeId === undefined) continue;
    wanted.set(nodeId, statuses[key]);
  }
  for (const ref of input.snapshot.referenced) {
    const closedTask =
      ref.nodeId !== undefined && written[ref.nodeId] !== undefined && !wanted.has(ref.nodeId);
    if (closedTask && ref.state === 'closed' && isCompleted(ref.stateReason))
      wanted.set(ref.nodeId as string, statuses.done);
  }
  return wanted;
}

function sameStatuses(wanted: Map<string, string>, written: Record<string, string>): boolean {
  if (wanted.size !== Object.keys(written).length) return false;
  return [...wanted].every(([nodeId, option]) => written[nodeId] === option);
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
