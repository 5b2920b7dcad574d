/**
 * What the demo prints at the end: tasks done and failed, pull requests merged, the makespan
 * against the critical-path lower bound, API use per task from the simulator's counters, and
 * where the final status comment is.
 */
import type { DemoSession } from './demo-session.js';
import type { AttemptRun } from './attempt-runs.js';
import type { WatchResult } from './watch-run.js';

/** The run status comment's marker (app/reconcile/apply/write-views.ts writes it). */
const RUN_STATUS_MARKER = '<!-- drover:status -->';
/** The dashboard issue's label (app/commands/start-run.ts: the task label + `:dashboard`). */
const DASHBOARD_LABEL = 'drover:dashboard';

export interface DemoReport {
  tasks: number;
  done: number;
  failed: number;
  pullsMerged: number;
  makespanMs: number;
  /** No schedule can beat this: the longest dependency chain of the attempts that succeeded. */
  criticalPathMs: number;
  criticalPath: number[];
  /** What GitHub bills the app's installation: REST requests (304s excluded), writes, GraphQL points. */
  restRequests: number;
  writes: number;
  graphqlPoints: number;
  statusComment: { url: string; body: string } | null;
}

export async function buildReport(session: DemoSession, watched: WatchResult): Promise<DemoReport> {
  const { sim, maintainer, repo } = session;
  const numbers = Object.values(session.numbers);
  // The app's requests only: the installation token. (The runner's job tokens read, too, but
  // on GitHub those are the Actions' own quota; the demo's own watching uses the maintainer's.)
  const usage = sim.counters.snapshot().usage.byKind.installation;
  const pulls = await maintainer.paginate(maintainer.rest.pulls.list, {
    ...repo,
    state: 'closed',
    per_page: 100,
  });
  const { length, path } = criticalPath(session, watched.runs);
  return {
    tasks: numbers.length,
    done: watched.counts.done,
    failed: watched.counts.failed,
    pullsMerged: pulls.filter((pull) => pull.merged_at !== null).length,
    makespanMs: watched.endedAt - watched.startedAt,
    criticalPathMs: length,
    criticalPath: path,
    restRequests: usage.rest,
    writes: usage.writes,
    graphqlPoints: usage.graphqlPoints,
    statusComment: await findStatusComment(session),
  };
}

/**
 * Longest chain through the backlog's blocked_by links, each task weighted by its successful
 * attempt's duration plus its PR's required checks (a lower bound on the makespan).
 */
function criticalPath(session: DemoSession, runs: AttemptRun[]): { length: number; path: number[] } {
  const { backlog, numbers } = session;
  const duration = new Map<number, number>();
  for (const run of runs) {
    if (run.conclusion !== 'success' || run.startedAt === null || run.completedAt === null) continue;
    duration.set(run.task, Math.max(duration.get(run.task) ?? 0, run.completedAt - run.startedAt));
  }
  // A PR merges only once its checks passed: the project's CI on the PR is on the chain too.
  for (const [task, checks] of requiredChecks(session))
    duration.set(task, (duration.get(task) ?? 0) + checks);
  const blockers = new Map<number, number[]>();
  for (const { item } of [...backlog.stories, ...backlog.tasks]) {
    blockers.set(
      numbers[item.id] ?? 0,
      item.blocked_by.map((id) => numbers[id] ?? 0),
    );
  }
  const memo = new Map<number, { length: number; path: number[] }>();
  const longest = (task: number): { length: number; path: number[] } => {
    const known = memo.get(task);
    if (known) return known;
    let best = { length: 0, path: [] as number[] };
    for (const blocker of blockers.get(task) ?? []) {
      const candidate = longest(blocker);
      if (candidate.length > best.length) best = candidate;
    }
    const result = { length: best.length + (duration.get(task) ?? 0), path: [...best.path, task] };
    memo.set(task, result);
    return result;
  };
  return [...blockers.keys()]
    .map(longest)
    .reduce((a, b) => (b.length > a.length ? b : a), { length: 0, path: [] });
}

/** Per task, the duration of the last successful CI run on its pull request (`pull_request` runs of `drover/<task>/…`). */
function requiredChecks(session: DemoSession): Map<number, number> {
  const checks = new Map<number, number>();
  const runs = session.sim.actions
    .runs()
    .filter((run) => run.event === 'pull_request' && run.conclusion === 'success');
  for (const run of runs) {
    const task = /^drover\/(\d+)\//.exec(run.headBranch)?.[1];
    if (task === undefined) continue;
    checks.set(Number(task), Date.parse(run.updatedAt) - Date.parse(run.runStartedAt));
  }
  return checks;
}

/** The run status comment lives on the dashboard issue (label `drover:dashboard`). */
async function findStatusComment(session: DemoSession): Promise<{ url: string; body: string } | null> {
  const { maintainer, repo } = session;
  const dashboards = await maintainer.paginate(maintainer.rest.issues.listForRepo, {
    ...repo,
    labels: DASHBOARD_LABEL,
    state: 'all',
    per_page: 100,
  });
  for (const dashboard of dashboards) {
    const comments = await maintainer.paginate(maintainer.rest.issues.listComments, {
      ...repo,
      issue_number: dashboard.number,
      per_page: 100,
    });
    const status = comments.filter((comment) => (comment.body ?? '').includes(RUN_STATUS_MARKER)).at(-1);
    if (status) return { url: status.html_url, body: status.body ?? '' };
  }
  return null;
}

export function formatReport(report: DemoReport): string[] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const perTask = (value: number) => (report.tasks === 0 ? '0' : (value / report.tasks).toFixed(1));
  return [
    `tasks:             ${report.done}/${report.tasks} done, ${report.failed} failed`,
    `pull requests:     ${report.pullsMerged} merged`,
    `makespan:          ${seconds(report.makespanMs)}`,
    `critical path:     ${seconds(report.criticalPathMs)} lower bound: attempts and PR checks (${report.criticalPath.map((task) => `#${task}`).join(' → ')})`,
    `API per task:      ${perTask(report.restRequests)} REST requests (${perTask(report.writes)} of them writes), ` +
      `${perTask(report.graphqlPoints)} GraphQL points (${report.restRequests}, ${report.writes} and ${report.graphqlPoints} in all, billed to the app)`,
    `status comment:    ${report.statusComment?.url ?? 'not found'}`,
  ];
}
