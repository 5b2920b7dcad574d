import { describe, expect, it } from '@jest/globals';
import { checkHistory } from '../../bench/chaos/history-checker.js';
import type { HistoryEntry } from '../../simulator/webhooks/event-history.js';

let seq = 0;
function entry(atMs: number, event: string, action: string, subject: Partial<HistoryEntry>): HistoryEntry {
  seq++;
  return {
    seq,
    at: new Date(atMs).toISOString(),
    atMs,
    event,
    action,
    deliveryId: `d${seq}`,
    repo: 'o/r',
    actor: 'x',
    payload: {},
    ...subject,
  };
}

function run(atMs: number, action: string, id: number, task: number, attempt: number): HistoryEntry {
  const name = `drover #${task} attempt ${attempt} · implement · slot 1`;
  return entry(atMs, 'workflow_run', action, {
    workflowRun: {
      id,
      name: 'Drover',
      displayTitle: name,
      status: action,
      conclusion: null,
      headBranch: undefined,
      headSha: undefined,
      runAttempt: 1,
    },
  });
}

function job(atMs: number, action: string, runId: number): HistoryEntry {
  return entry(atMs, 'workflow_job', action, { payload: { workflow_job: { run_id: runId } } });
}

function closed(atMs: number, number: number): HistoryEntry {
  return entry(atMs, 'issues', 'closed', {
    issue: { number, state: 'closed', stateReason: 'completed', title: 't' },
  });
}

function merged(atMs: number, pr: number, task: number): HistoryEntry {
  return entry(atMs, 'pull_request', 'closed', {
    pullRequest: {
      number: pr,
      state: 'closed',
      merged: true,
      headRef: `drover/${task}/attempt-1`,
      baseRef: 'main',
      headSha: 'x',
      mergeCommitSha: 'y',
    },
  });
}

describe('the chaos checker', () => {
  const shape = {
    tasks: new Map([
      [1, []],
      [2, [1]],
    ]),
    workers: 1,
    maxAttempts: 2,
  };

  it('finds nothing wrong in a clean history, and measures the makespan', () => {
    const history = [
      run(0, 'requested', 10, 1, 1),
      job(1, 'in_progress', 10),
      job(5, 'completed', 10),
      merged(6, 20, 1),
      closed(6, 1),
      run(7, 'requested', 11, 2, 1),
      job(8, 'in_progress', 11),
      job(9, 'completed', 11),
      merged(10, 21, 2),
      closed(10, 2),
    ];
    expect(checkHistory(history, shape)).toMatchObject({
      runs: 2,
      lost: 0,
      doubled: 0,
      overLimit: 0,
      early: 0,
      beyondMax: 0,
      makespanMs: 10,
    });
  });

  it('counts a lost task, a doubled attempt, a second merged PR, an early start and too many jobs at once', () => {
    const history = [
      run(0, 'requested', 10, 1, 1),
      job(1, 'in_progress', 10),
      run(0, 'requested', 12, 1, 1),
      job(2, 'in_progress', 12),
      run(3, 'requested', 11, 2, 1),
      job(5, 'completed', 10),
      job(5, 'completed', 12),
      merged(6, 20, 1),
      merged(7, 22, 1),
      closed(7, 1),
    ];
    const verdict = checkHistory(history, shape);
    expect(verdict).toMatchObject({ lost: 1, doubled: 2, overLimit: 1, early: 1 });
    expect(verdict.details.join('\n')).toContain('attempt 1/1 ran in runs 10, 12');
  });

  it('counts a task that ran more attempts than allowed; a run that never started a job does not count', () => {
    const history = [
      ...[1, 2, 3].flatMap((attempt) => [
        run(attempt * 10, 'requested', 100 + attempt, 1, attempt),
        job(attempt * 10 + 1, 'in_progress', 100 + attempt),
        job(attempt * 10 + 5, 'completed', 100 + attempt),
      ]),
      run(50, 'requested', 200, 1, 4),
      job(51, 'completed', 200),
      closed(60, 1),
      closed(61, 2),
    ];
    expect(checkHistory(history, shape)).toMatchObject({ beyondMax: 1, doubled: 0, overLimit: 0 });
  });
});
