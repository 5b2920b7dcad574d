/**
 * Starts a run the way a person does (a `/drover run --workers N` comment by a maintainer) and
 * watches it until every task is closed, or nothing more can happen, or the time is up. Each
 * change (an attempt starting or ending, a pull request opening or merging, an issue closing)
 * becomes one event line.
 */
import type { RunEnd } from '../cli/task-state.js';
import type { DemoSession } from './demo-session.js';
import { attemptRuns, type AttemptRun } from './attempt-runs.js';

/** Consecutive failed looks at the repository before the watch gives up. */
const MAX_FAILED_POLLS = 5;

/** Nothing running, nothing queued and no change for this long: the run cannot go on by itself. */
const STUCK_AFTER_MS = 60_000;

/** How often to ask whether the app says the run has ended (a few REST calls, no GraphQL). */
const RUN_END_POLL_MS = 2_000;

export interface WatchOptions {
  workers: number;
  timeoutMs: number;
  /** How often to look (the app and the runner work in the background meanwhile). */
  pollMs?: number;
  onEvent?: (event: string, counts: Counts) => void;
}

export interface Counts {
  done: number;
  total: number;
  running: number;
  review: number;
  failed: number;
  blocked: number;
}

export interface WatchResult {
  /** `ended`: the app says the run is over (whatever its verdict), before every task closed. */
  finished: 'all-closed' | 'ended' | 'stuck' | 'timeout';
  /** The app's word on how the run ended, when it said so. */
  runEnd: RunEnd | null;
  startedAt: number;
  endedAt: number;
  /** Issue numbers in the order their pull requests merged. */
  mergeOrder: number[];
  runs: AttemptRun[];
  counts: Counts;
}

interface IssueView {
  number: number;
  title: string;
  state: string;
  labels: string[];
}

export async function runAndWatch(session: DemoSession, options: WatchOptions): Promise<WatchResult> {
  const { maintainer, repo, sim } = session;
  const pollMs = options.pollMs ?? 250;
  const workNumbers = new Set(Object.values(session.numbers));
  const { data: host } = await maintainer.rest.issues.create({
    ...repo,
    title: 'Drive the backlog',
    body: 'Where the demo starts its run.',
  });
  const startedAt = Date.now();
  await maintainer.rest.issues.createComment({
    ...repo,
    issue_number: host.number,
    body: `/drover run --workers ${options.workers}`,
  });

  const seenRuns = new Map<number, string>();
  const seenIssues = new Map<number, string>();
  const mergedPulls = new Set<number>();
  const mergeOrder: number[] = [];
  let quietSince = Date.now();
  let counts: Counts = { done: 0, total: workNumbers.size, running: 0, review: 0, failed: 0, blocked: 0 };

  const say = (text: string) =>
    options.onEvent?.(`+${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s  ${text}`, counts);

  let failedPolls = 0;
  let runEnd: RunEnd | null = null;
  let runEndCheckedAt = Date.now();
  for (;;) {
    let issues: Map<number, IssueView>;
    let merged: MergedPull[];
    let inReview: Set<number>;
    try {
      issues = await loadIssues(session, workNumbers);
      merged = await loadMergedPulls(session);
      inReview = await loadTasksInReview(session);
      failedPolls = 0;
    } catch (error) {
      // Watching is only looking: one failed look is retried on the next poll, said, not hidden.
      if (++failedPolls >= MAX_FAILED_POLLS) throw error;
      say(`(could not read the state: ${String(error)}; trying again)`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      continue;
    }
    const titleOf = (number: number) => issues.get(number)?.title ?? '';
    const runs = attemptRuns(sim, `${repo.owner}/${repo.repo}`);
    const busy = new Set(runs.filter((run) => run.status !== 'completed').map((run) => run.task));
    const stateOf = (issue: IssueView) => describeState(issue, busy, inReview);
    counts = countStates(issues, workNumbers.size, stateOf);
    let changed = false;

    for (const run of runs) {
      const key = `${run.status}:${run.conclusion}`;
      if (seenRuns.get(run.runId) === key) continue;
      seenRuns.set(run.runId, key);
      changed = true;
      const what = run.mode === 'implement' ? `attempt ${run.attempt}` : `${run.mode} attempt ${run.attempt}`;
      if (run.status === 'completed')
        say(
          `#${run.task} ${titleOf(run.task)}: ${what} ${run.conclusion === 'success' ? 'finished' : run.conclusion}`,
        );
      else if (run.status === 'in_progress') say(`#${run.task} ${titleOf(run.task)}: ${what} running`);
    }

    for (const pull of merged) {
      if (mergedPulls.has(pull.number)) continue;
      mergedPulls.add(pull.number);
      changed = true;
      const closes = pull.closes.filter((number) => workNumbers.has(number));
      mergeOrder.push(...closes);
      say(
        `PR #${pull.number} merged (closes ${closes.map((number) => `#${number}`).join(', ') || 'nothing'})`,
      );
    }

    for (const issue of issues.values()) {
      const state = stateOf(issue);
      if (seenIssues.get(issue.number) === state) continue;
      const first = !seenIssues.has(issue.number);
      seenIssues.set(issue.number, state);
      if (first && state === 'open') continue;
      changed = true;
      say(`#${issue.number} ${issue.title}: ${state}`);
    }

    if (changed) quietSince = Date.now();
    if (counts.done === counts.total) return finish('all-closed');
    if (Date.now() - runEndCheckedAt >= RUN_END_POLL_MS) {
      runEndCheckedAt = Date.now();
      // Only looking, as above: a failed look is said and tried again at the next check.
      runEnd = await session.runEnd().catch((error: unknown) => {
        say(`(could not read the run record: ${String(error)}; trying again)`);
        return null;
      });
      if (runEnd !== null) {
        say(`the app says the run has ended: ${runEnd.verdict}`);
        return finish('ended');
      }
    }
    if (Date.now() - startedAt > options.timeoutMs) return finish('timeout');
    const inFlight = sim.actions.load();
    const settled = counts.running === 0 && counts.review === 0 && inFlight.queued + inFlight.running === 0;
    if (settled && counts.done + counts.failed + counts.blocked === counts.total) return finish('stuck');
    if (settled && Date.now() - quietSince > STUCK_AFTER_MS) return finish('stuck');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  function finish(finished: WatchResult['finished']): WatchResult {
    return {
      finished,
      runEnd,
      startedAt,
      endedAt: Date.now(),
      mergeOrder,
      runs: attemptRuns(sim, `${repo.owner}/${repo.repo}`),
      counts,
    };
  }
}

async function loadIssues(session: DemoSession, numbers: Set<number>): Promise<Map<number, IssueView>> {
  const { maintainer, repo } = session;
  const all = await maintainer.paginate(maintainer.rest.issues.listForRepo, {
    ...repo,
    state: 'all',
    labels: 'drover',
    per_page: 100,
  });
  const views = new Map<number, IssueView>();
  for (const issue of all) {
    if (!numbers.has(issue.number)) continue;
    const labels = issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
    views.set(issue.number, { number: issue.number, title: issue.title, state: issue.state, labels });
  }
  return views;
}

/**
 * A task's state as people see it: the labels Drover shows when a task needs a person (failed,
 * blocked, stuck), else its attempt running or its pull request open (Drover keeps no label for those).
 */
function describeState(issue: IssueView, busy: Set<number>, inReview: Set<number>): string {
  if (issue.state === 'closed') return 'closed';
  if (issue.labels.includes('drover:failed')) return 'failed';
  if (issue.labels.includes('drover:blocked') || issue.labels.includes('drover:stuck')) return 'blocked';
  if (busy.has(issue.number)) return 'running';
  if (inReview.has(issue.number)) return 'review';
  return 'open';
}

function countStates(
  issues: Map<number, IssueView>,
  total: number,
  stateOf: (issue: IssueView) => string,
): Counts {
  const counts: Counts = { done: 0, total, running: 0, review: 0, failed: 0, blocked: 0 };
  for (const issue of issues.values()) {
    const state = stateOf(issue);
    if (state === 'closed') counts.done++;
    else if (state !== 'open') counts[state as 'failed' | 'blocked' | 'review' | 'running']++;
  }
  return counts;
}

interface MergedPull {
  number: number;
  closes: number[];
}

/** Tasks with an open pull request from one of their attempt branches (`drover/<task>/attempt-<n>`). */
async function loadTasksInReview(session: DemoSession): Promise<Set<number>> {
  const { maintainer, repo } = session;
  const pulls = await maintainer.paginate(maintainer.rest.pulls.list, {
    ...repo,
    state: 'open',
    per_page: 100,
  });
  const tasks = pulls
    .map((pull) => /^drover\/(\d+)\//.exec(pull.head.ref)?.[1])
    .filter((task) => task !== undefined);
  return new Set(tasks.map(Number));
}

/** Merged pull requests, oldest merge first, with the issues their body closes. */
async function loadMergedPulls(session: DemoSession): Promise<MergedPull[]> {
  const { maintainer, repo } = session;
  const pulls = await maintainer.paginate(maintainer.rest.pulls.list, {
    ...repo,
    state: 'closed',
    per_page: 100,
  });
  return pulls
    .filter((pull) => pull.merged_at !== null)
    .sort((a, b) => Date.parse(a.merged_at ?? '') - Date.parse(b.merged_at ?? '') || a.number - b.number)
    .map((pull) => ({
      number: pull.number,
      closes: [...(pull.body ?? '').matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)/gi)].map(
        (match) => Number(match[1]),
      ),
    }));
}
