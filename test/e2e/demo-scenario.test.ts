/**
 * The demo's scenario, smaller: five tasks of the example backlog (a dependency, a task that
 * fails once, two tasks whose pull requests conflict) driven to completion by the real app,
 * the simulator's runner and the real action with the demo agent, on 2 workers.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { maxConcurrentRuns } from '../../demo/attempt-runs.js';
import { buildReport, type DemoReport } from '../../demo/demo-report.js';
import { startDemoSession, type DemoSession } from '../../demo/demo-session.js';
import { runAndWatch, type WatchResult } from '../../demo/watch-run.js';

const WORKERS = 2;
/**
 * T1 words ← T2 capitalize; T5 truncate fails its first attempt; T6 and T7 both append to
 * src/index.js; T8's pull request fails the project's CI once and a fix attempt repairs it.
 */
const SCENARIO = ['T1', 'T2', 'T5', 'T6', 'T7', 'T8'];
/** Generous: the machine running the suite may be busy; the scenario itself takes well under a minute. */
const SCENARIO_TIMEOUT_MS = 240_000;

let session: DemoSession;
let watched: WatchResult;
let report: DemoReport;

beforeAll(async () => {
  session = await startDemoSession({ workers: WORKERS, only: SCENARIO });
  watched = await runAndWatch(session, { workers: WORKERS, timeoutMs: SCENARIO_TIMEOUT_MS });
  await session.appIdle();
  report = await buildReport(session, watched);
}, SCENARIO_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await session?.close();
});

const number = (id: string) => session.numbers[id] ?? 0;

async function mergedPulls() {
  const { maintainer, repo } = session;
  const pulls = await maintainer.paginate(maintainer.rest.pulls.list, {
    ...repo,
    state: 'closed',
    per_page: 100,
  });
  return pulls
    .filter((pull) => pull.merged_at !== null)
    .map((pull) => ({
      number: pull.number,
      mergedAt: Date.parse(pull.merged_at ?? ''),
      closes: [...(pull.body ?? '').matchAll(/Closes #(\d+)/g)].map((match) => Number(match[1])),
    }));
}

describe('the demo scenario, end to end', () => {
  test('every task is closed as completed by a merged pull request', async () => {
    expect(watched.finished).toBe('all-closed');
    const pulls = await mergedPulls();
    for (const id of SCENARIO) {
      const { data: issue } = await session.maintainer.rest.issues.get({
        ...session.repo,
        issue_number: number(id),
      });
      expect([id, issue.state, issue.state_reason]).toEqual([id, 'closed', 'completed']);
      expect(pulls.filter((pull) => pull.closes.includes(number(id)))).toHaveLength(1);
    }
  });

  test('merge order respects every dependency', async () => {
    const mergedAt = new Map(
      (await mergedPulls()).flatMap((pull) => pull.closes.map((issue) => [issue, pull.mergedAt] as const)),
    );
    for (const { item } of session.backlog.tasks) {
      for (const blocker of item.blocked_by) {
        expect(mergedAt.get(number(blocker)) ?? Infinity).toBeLessThan(
          mergedAt.get(number(item.id)) ?? -Infinity,
        );
      }
    }
  });

  test(`never more than ${WORKERS} attempts run at once`, () => {
    expect(watched.runs.length).toBeGreaterThanOrEqual(SCENARIO.length);
    expect(maxConcurrentRuns(watched.runs)).toBeLessThanOrEqual(WORKERS);
  });

  test('the conflicting pair both merged, and the entry exports both', async () => {
    const { data } = await session.maintainer.rest.repos.getContent({
      ...session.repo,
      path: 'src/index.js',
    });
    const text =
      Array.isArray(data) || !('content' in data) ? '' : Buffer.from(data.content, 'base64').toString('utf8');
    expect(text).toContain("export { countChars } from './count-chars.js';");
    expect(text).toContain("export { reverse } from './reverse.js';");
    expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    // Whichever merged second was dirty: it needed a branch update or a resolve attempt.
    const pair = [number('T6'), number('T7')];
    const resolved = watched.runs.filter((run) => pair.includes(run.task) && run.mode === 'resolve');
    const updates =
      session.sim.counters.snapshot().rest['PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch'] ??
      0;
    expect(resolved.length + updates).toBeGreaterThan(0);
  });

  test('the task that fails once took exactly two attempts', () => {
    const attempts = watched.runs.filter((run) => run.task === number('T5') && run.mode === 'implement');
    expect(attempts.map((run) => [run.attempt, run.conclusion])).toEqual([
      [1, 'failure'],
      [2, 'success'],
    ]);
  });

  test('the task whose CI fails once is fixed by a fix attempt on its pull request, then merged', () => {
    const attempts = watched.runs.filter((run) => run.task === number('T8'));
    expect(attempts.map((run) => [run.mode, run.conclusion])).toEqual([
      ['implement', 'success'],
      ['fix', 'success'],
    ]);
  });

  test('the final status comment matches the final state', () => {
    expect(report.statusComment).not.toBeNull();
    const body = report.statusComment?.body ?? '';
    expect(body).toContain(`**${SCENARIO.length}** done`);
    for (const id of SCENARIO) expect(body).toMatch(new RegExp(`t${number(id)}\\[.*\\]:::done`));
    expect(body).not.toMatch(/:::(running|review|ready|waiting|failed|blocked)\b/);
  });
});
