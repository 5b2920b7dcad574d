import { describe, expect, it } from '@jest/globals';
import { analyseSnapshot, clearAnalysisCache } from '../../core/analysis-cache.js';
import { defaultConfig } from '../../core/config.js';
import { plan } from '../../core/plan.js';
import type { IssueInput, Snapshot } from '../../core/types.js';
import { attempt, closed, issue, ref, run, snapshot } from './snapshot-builder.js';

const config = defaultConfig();
const NOW = new Date('2026-01-03T00:00:00.000Z');

/** A fresh copy, so that edits to one snapshot never reach the other. */
const copy = (input: Snapshot): Snapshot => structuredClone(input);

const base = (): Snapshot =>
  snapshot(
    [
      issue(1, { labels: ['drover', 'size:L'] }),
      issue(2, { blockedBy: [1] }),
      issue(3, { labels: ['drover', 'priority:high'] }),
      issue(4, { subIssues: [5] }),
      issue(5, { labels: [], parent: 4 }),
    ],
    { attempts: { 3: attempt({ durationsMs: [1_200_000] }) } },
  );

describe('analyseSnapshot: reuse across plans', () => {
  it('reuses the analysis of equal inputs, even in another snapshot object', () => {
    clearAnalysisCache();
    const first = analyseSnapshot(base(), config);
    expect(analyseSnapshot(base(), config)).toBe(first);
  });

  it('reuses it when only Drover’s state labels moved, with the statuses refreshed', () => {
    clearAnalysisCache();
    const before = base();
    const first = analyseSnapshot(before, config);
    const after = copy(before);
    after.issues[0]!.labels.push('drover:running');
    after.issues[2]!.labels.push('drover:review');
    const second = analyseSnapshot(after, config);
    expect(second).toBe(first);
    expect(second.model.tasks.get(1)?.status).toBe('running');
    expect(second.model.tasks.get(3)?.status).toBe('review');
    expect(analyseSnapshot(before, config).model.tasks.get(1)?.status).toBe('todo');
  });

  it('is not changed by later edits to the snapshot it was built from', () => {
    clearAnalysisCache();
    const first = base();
    const original = copy(first);
    const before = plan(first, config, NOW);
    first.issues[0]!.state = 'closed';
    first.issues[0]!.stateReason = 'completed';
    first.issues[1]!.blockedBy[0]!.number = 3;
    expect(plan(original, config, NOW)).toEqual(before);
  });

  it.each<[string, (input: Snapshot) => void]>([
    ['a new blocker', (input) => input.issues[2]!.blockedBy.push(ref(1))],
    ['a priority label', (input) => input.issues[1]!.labels.push('priority:low')],
    ['a title', (input) => (input.issues[1]!.title = 'Renamed')],
    ['an issue closed', (input) => (input.issues[0] = closed(1))],
    ['a referenced issue closed', (input) => input.referenced.push(ref(9, { state: 'closed' }))],
    ['a measured duration', (input) => input.attempts[3]!.durationsMs.push(600_000)],
    ['a new issue', (input) => input.issues.push(issue(6))],
    ['a sub-issue detached', (input) => (input.issues[3]!.subIssues = [])],
  ])('builds it again after %s', (_change, change) => {
    clearAnalysisCache();
    const before = base();
    const first = analyseSnapshot(before, config);
    const after = copy(before);
    change(after);
    expect(analyseSnapshot(after, config)).not.toBe(first);
  });

  it('builds it again for other configured label names', () => {
    clearAnalysisCache();
    const first = analyseSnapshot(base(), config);
    const renamed = { ...config, labels: { ...config.labels, running: 'bot:busy' } };
    expect(analyseSnapshot(base(), renamed)).not.toBe(first);
  });

  it('keeps repositories apart, and only a few of them', () => {
    clearAnalysisCache();
    const of = (repo: string): Snapshot => ({ ...base(), repo });
    const first = analyseSnapshot(of('octo/a'), config);
    analyseSnapshot(of('octo/b'), config);
    expect(analyseSnapshot(of('octo/a'), config)).toBe(first);
    for (const repo of ['octo/c', 'octo/d', 'octo/e', 'octo/f']) analyseSnapshot(of(repo), config);
    expect(analyseSnapshot(of('octo/a'), config)).not.toBe(first);
  });
});

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABELS = [
  'drover:running',
  'drover:review',
  'drover:failed',
  'drover:blocked',
  'priority:high',
  'priority:low',
  'size:M',
  'size:XL',
  'epic:a',
  'epic:b',
  'blocked-by:#3',
  'bug',
];

function randomSnapshot(next: () => number): Snapshot {
  const issues: IssueInput[] = [];
  for (let number = 1; number <= 25; number++) {
    const blockedBy = [1, 2, 3].flatMap(() => (next() < 0.4 ? [1 + Math.floor(next() * 26)] : []));
    const labels = ['drover', ...LABELS.filter(() => next() < 0.12)];
    issues.push(
      next() < 0.15 ? closed(number, 'completed', { labels }) : issue(number, { labels, blockedBy }),
    );
  }
  return snapshot(issues, { run: run({ workers: 1 + Math.floor(next() * 4) }) });
}

/** One edit a reconcile might bring: a state label, a link, a priority, a close, a measurement. */
function mutate(input: Snapshot, next: () => number): void {
  const target = input.issues[Math.floor(next() * input.issues.length)]!;
  const kind = Math.floor(next() * 6);
  if (kind === 0) {
    const label = LABELS[Math.floor(next() * 4)]!;
    const at = target.labels.indexOf(label);
    if (at < 0) target.labels.push(label);
    else target.labels.splice(at, 1);
  } else if (kind === 1) target.blockedBy.push(ref(1 + Math.floor(next() * 25)));
  else if (kind === 2) target.labels.push(LABELS[4 + Math.floor(next() * 8)]!);
  else if (kind === 3) {
    target.state = target.state === 'open' ? 'closed' : 'open';
    target.stateReason = target.state === 'closed' ? 'completed' : null;
  } else if (kind === 4) input.attempts[target.number] = attempt({ durationsMs: [next() * 3_600_000] });
  else
    input.inFlight = [
      {
        runId: 1,
        task: target.number,
        attempt: 1,
        status: 'in_progress',
        createdAt: '2026-01-02T00:00:00.000Z',
      },
    ];
}

describe('plan with reuse = plan from scratch', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('over a random run of edits (seed %i)', (seed) => {
    const next = random(seed);
    const input = randomSnapshot(next);
    clearAnalysisCache();
    for (let step = 0; step < 40; step++) {
      const reused = plan(input, config, NOW);
      clearAnalysisCache();
      const fresh = plan(input, config, NOW);
      expect(reused).toEqual(fresh);
      mutate(input, next);
    }
  });
});
