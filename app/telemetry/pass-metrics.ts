/**
 * The metrics a pass tells, derived from its report (the plan's view of every task, the writes
 * applied) and the session's request counters. The controller keeps no history, so what needs
 * "since when" is remembered here, per repository, by this process:
 * - a task is *done* when this process sees its Drover pull request merged (which closes it), and
 *   *failed* when it sees it turn failed (attempts exhausted); tasks first seen in that state (a
 *   new process) are not counted again;
 * - an attempt is counted once, the first time its result is seen, if its run ended after this
 *   process started (a restart reads old results back: they were counted before);
 * - *ready → dispatch* runs from the first pass that found the task ready (in the schedule's
 *   ready order) to the pass whose dispatch of it succeeded (0 when both are the same pass);
 * - *pull request → merge* runs from the pass that opened the pull request (or first saw it open)
 *   to the pass that merged it (or first saw it merged: GitHub's auto-merge);
 * - GitHub requests are the request policy's counters (app/github/request-policy.ts), added as
 *   they grow; the rate-limit budget is the `x-ratelimit-remaining` of the latest answer.
 * The instruments are in instruments.ts; docs/observability.md lists them.
 */
import type { Counter, Histogram, Meter, ObservableResult } from '@opentelemetry/api';
import type { TaskPhase, TaskProgress } from '../../core/plan/task-progress.js';
import type { RequestStats } from '../github/request-policy.js';
import type { ReconcileReport } from '../reconcile/reconcile.js';
import { INSTRUMENTS, type InstrumentSpec } from './instruments.js';
import type { QueueDepth } from './telemetry.js';

const PHASES: readonly TaskPhase[] = ['todo', 'running', 'settling', 'review', 'blocked', 'failed', 'closed'];

interface RepoMemory {
  /** Each task's phase in the last pass, and whether it was done then. */
  phases: Map<number, { phase: TaskPhase; done: boolean }>;
  readySince: Map<number, number>;
  /** Pull request number → when this process first saw it open. */
  openSince: Map<number, number>;
  countedAttempts: Set<string>;
  stats: { billed: number; notModified: number; writes: number; graphqlPoints: number };
  rateLimitRemaining: number | null;
  phaseCounts: Map<TaskPhase, number>;
  ready: number;
}

export class PassMetrics {
  private readonly repos = new Map<string, RepoMemory>();
  private readonly queues: Array<() => QueueDepth> = [];
  private readonly tasksDone: Counter;
  private readonly tasksFailed: Counter;
  private readonly attempts: Counter;
  private readonly attemptDuration: Histogram;
  private readonly readyToDispatch: Histogram;
  private readonly pullRequestToMerge: Histogram;
  private readonly actions: Counter;
  private readonly reconcileDuration: Histogram;
  private readonly githubRequests: Counter;
  private readonly graphqlPoints: Counter;

  constructor(
    meter: Meter,
    private readonly startedAt: Date,
  ) {
    const counter = (spec: InstrumentSpec) =>
      meter.createCounter(spec.name, { description: spec.description, unit: spec.unit });
    const histogram = (spec: InstrumentSpec) =>
      meter.createHistogram(spec.name, {
        description: spec.description,
        unit: spec.unit,
        advice: { explicitBucketBoundaries: spec.buckets },
      });
    const gauge = (spec: InstrumentSpec) =>
      meter.createObservableGauge(spec.name, { description: spec.description, unit: spec.unit });
    this.tasksDone = counter(INSTRUMENTS.tasksDone);
    this.tasksFailed = counter(INSTRUMENTS.tasksFailed);
    this.attempts = counter(INSTRUMENTS.attempts);
    this.attemptDuration = histogram(INSTRUMENTS.attemptDuration);
    this.readyToDispatch = histogram(INSTRUMENTS.readyToDispatch);
    this.pullRequestToMerge = histogram(INSTRUMENTS.pullRequestToMerge);
    this.actions = counter(INSTRUMENTS.actions);
    this.reconcileDuration = histogram(INSTRUMENTS.reconcileDuration);
    this.githubRequests = counter(INSTRUMENTS.githubRequests);
    this.graphqlPoints = counter(INSTRUMENTS.githubGraphqlPoints);
    gauge(INSTRUMENTS.tasks).addCallback((result) => this.observeTasks(result));
    gauge(INSTRUMENTS.tasksReady).addCallback((result) => {
      for (const [repo, memory] of this.repos) result.observe(memory.ready, { 'drover.repo': repo });
    });
    gauge(INSTRUMENTS.rateLimitRemaining).addCallback((result) => {
      for (const [repo, memory] of this.repos)
        if (memory.rateLimitRemaining !== null)
          result.observe(memory.rateLimitRemaining, { 'drover.repo': repo });
    });
    gauge(INSTRUMENTS.queueDepth).addCallback((result) => this.observeQueues(result));
  }

  watchQueue(read: () => QueueDepth): void {
    this.queues.push(read);
  }

  passEnded(repo: string, durationMs: number, outcome: 'ok' | 'failures' | 'error'): void {
    this.reconcileDuration.record(durationMs / 1000, { 'drover.repo': repo, 'drover.outcome': outcome });
  }

  recordPass(report: ReconcileReport, stats: RequestStats, now: Date): void {
    const repo = { 'drover.repo': report.repo };
    const memory = this.memoryOf(report.repo);
    const at = now.getTime();
    this.recordApplied(report, memory, at);
    const progress = [...report.plan.progress.values()];
    for (const entry of progress) {
      this.recordTransition(entry, memory, repo);
      this.recordAttempts(entry, memory, repo);
      this.recordPullRequest(entry, memory, at, repo);
    }
    memory.phases = new Map(
      progress.map((entry) => [entry.task, { phase: entry.phase, done: isDone(entry) }]),
    );
    memory.phaseCounts = countPhases(progress);
    this.trackReady(report, memory, at);
    this.recordRequests(stats, memory, repo);
  }

  private memoryOf(repo: string): RepoMemory {
    let memory = this.repos.get(repo);
    if (memory === undefined) {
      memory = {
        phases: new Map(),
        readySince: new Map(),
        openSince: new Map(),
        countedAttempts: new Set(),
        stats: { billed: 0, notModified: 0, writes: 0, graphqlPoints: 0 },
        rateLimitRemaining: null,
        phaseCounts: new Map(),
        ready: 0,
      };
      this.repos.set(repo, memory);
    }
    return memory;
  }

  /** Writes applied: counted by kind and outcome; dispatches end a ready wait, merges a review. */
  private recordApplied(report: ReconcileReport, memory: RepoMemory, at: number): void {
    for (const applied of report.applied) {
      const { action } = applied;
      this.actions.add(1, {
        'drover.repo': report.repo,
        'drover.action': action.kind,
        'drover.outcome': applied.ok ? 'ok' : 'failed',
      });
      if (!applied.ok) continue;
      if (action.kind === 'dispatch' && action.attemptKind === 'implement') {
        const since = memory.readySince.get(action.task) ?? at;
        this.readyToDispatch.record((at - since) / 1000, { 'drover.repo': report.repo });
        memory.readySince.delete(action.task);
      }
      if (action.kind === 'open-pull-request') {
        // The task's newest pull request is the one just opened (it may have merged in this pass too).
        const opened = report.plan.progress.get(action.task)?.pr;
        if (opened != null && !memory.openSince.has(opened.number)) memory.openSince.set(opened.number, at);
      }
      if (action.kind === 'merge') this.merged(action.pullRequest, memory, at, report.repo);
    }
  }

  private recordTransition(entry: TaskProgress, memory: RepoMemory, repo: Record<string, string>): void {
    const before = memory.phases.get(entry.task);
    if (before === undefined) return;
    if (isDone(entry) && !before.done) this.tasksDone.add(1, repo);
    if (entry.phase === 'failed' && before.phase !== 'failed') this.tasksFailed.add(1, repo);
  }

  private recordAttempts(entry: TaskProgress, memory: RepoMemory, repo: Record<string, string>): void {
    for (const attempt of entry.attempts) {
      const key = `${entry.task}/${attempt.number}`;
      if (attempt.result === null || attempt.run === null || memory.countedAttempts.has(key)) continue;
      memory.countedAttempts.add(key);
      if (Date.parse(attempt.run.updatedAt) < this.startedAt.getTime()) continue;
      const attributes = {
        ...repo,
        'drover.attempt.kind': attempt.kind,
        'drover.outcome': attempt.result.status,
      };
      this.attempts.add(1, attributes);
      if (attempt.result.durationMs > 0)
        this.attemptDuration.record(attempt.result.durationMs / 1000, attributes);
    }
  }

  private recordPullRequest(
    entry: TaskProgress,
    memory: RepoMemory,
    at: number,
    repo: Record<string, string>,
  ): void {
    const pr = entry.pr;
    if (pr === null) return;
    if (pr.state === 'open' && !memory.openSince.has(pr.number)) memory.openSince.set(pr.number, at);
    if (pr.state === 'merged') this.merged(pr.number, memory, at, repo['drover.repo'] ?? '');
    if (pr.state === 'closed') memory.openSince.delete(pr.number);
  }

  private merged(pullRequest: number, memory: RepoMemory, at: number, repo: string): void {
    const since = memory.openSince.get(pullRequest);
    if (since === undefined) return;
    this.pullRequestToMerge.record((at - since) / 1000, { 'drover.repo': repo });
    memory.openSince.delete(pullRequest);
  }

  /** Ready tasks of the pass's last plan: the wait of each starts at the first pass that saw it. */
  private trackReady(report: ReconcileReport, memory: RepoMemory, at: number): void {
    const ready = new Set(report.plan.schedule.readyOrder);
    for (const task of ready) if (!memory.readySince.has(task)) memory.readySince.set(task, at);
    for (const task of memory.readySince.keys()) if (!ready.has(task)) memory.readySince.delete(task);
    memory.ready = ready.size;
  }

  private recordRequests(stats: RequestStats, memory: RepoMemory, repo: Record<string, string>): void {
    const grew = (now: number, before: number) => Math.max(0, now - before);
    this.githubRequests.add(grew(stats.billed, memory.stats.billed), { ...repo, 'drover.request': 'billed' });
    this.githubRequests.add(grew(stats.notModified, memory.stats.notModified), {
      ...repo,
      'drover.request': 'not_modified',
    });
    this.githubRequests.add(grew(stats.writes, memory.stats.writes), { ...repo, 'drover.request': 'write' });
    this.graphqlPoints.add(grew(stats.graphqlPoints, memory.stats.graphqlPoints), repo);
    memory.stats = {
      billed: stats.billed,
      notModified: stats.notModified,
      writes: stats.writes,
      graphqlPoints: stats.graphqlPoints,
    };
    if (stats.rateLimit !== undefined) memory.rateLimitRemaining = stats.rateLimit.remaining;
  }

  private observeTasks(result: ObservableResult): void {
    for (const [repo, memory] of this.repos)
      for (const phase of PHASES)
        result.observe(memory.phaseCounts.get(phase) ?? 0, { 'drover.repo': repo, 'drover.phase': phase });
  }

  private observeQueues(result: ObservableResult): void {
    const total: QueueDepth = { waiting: 0, running: 0, commands: 0 };
    for (const read of this.queues) {
      const depth = read();
      total.waiting += depth.waiting;
      total.running += depth.running;
      total.commands += depth.commands;
    }
    result.observe(total.waiting, { 'drover.queue': 'waiting' });
    result.observe(total.running, { 'drover.queue': 'running' });
    result.observe(total.commands, { 'drover.queue': 'commands' });
  }
}

/** Done: its Drover pull request merged (GitHub closes the task; the loop may see that a pass later). */
function isDone(entry: TaskProgress): boolean {
  return entry.pr?.state === 'merged';
}

function countPhases(progress: readonly TaskProgress[]): Map<TaskPhase, number> {
  const counts = new Map<TaskPhase, number>();
  for (const entry of progress) counts.set(entry.phase, (counts.get(entry.phase) ?? 0) + 1);
  return counts;
}
