/**
 * OpenTelemetry over one task's whole life on the simulator: `/drover run`, the attempt, the
 * published work, the pull request, the merge. The app exports to the SDK's in-memory exporters;
 * the test asserts the span tree (command, reconcile → observe/plan/apply → one span per write)
 * and the metrics the passes told.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { METRICS } from '../../../app/telemetry/instruments.js';
import { DroverWorld, waitFor } from '../integration/drover-world.js';
import { histogramCount, inMemoryOtel, points, total, type InMemoryOtel } from './in-memory-otel.js';

describe('telemetry of one task, from /drover run to the merge', () => {
  let world: DroverWorld;
  let otel: InMemoryOtel;

  beforeAll(async () => {
    otel = inMemoryOtel();
    world = await DroverWorld.start({ telemetry: otel.telemetry });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('records the command, every pass with its steps and writes, and the task, attempt and API metrics', async () => {
    const repo = world.createRepo();
    const task = await repo.createIssue('Task a');
    await repo.comment(task, '/drover run');
    await waitFor(
      'the task closed',
      () => repo.isClosed(task),
      30_000,
      () => repo.describe([task]),
    );
    await world.quiesce();

    const spans = otel.spans();
    const command = spans.find((span) => span.name === 'drover.command');
    expect(command?.attributes).toMatchObject({
      'drover.repo': repo.fullName,
      'drover.issue': task,
      'drover.command': 'run',
      'drover.handled': true,
      'drover.reconcile': true,
    });

    const passes = spans.filter((span) => span.name === 'drover.reconcile');
    expect(passes.length).toBeGreaterThan(1);
    for (const pass of passes) {
      expect(pass.attributes['drover.repo']).toBe(repo.fullName);
      expect(parentOf(spans, pass)?.name ?? pass.parentSpanContext).toBeUndefined();
      const steps = childrenOf(spans, pass).map((span) => span.name);
      expect(steps[0]).toBe('drover.observe');
      // A pass whose reads failed ends there, with the error on both spans.
      if (pass.status.code === SpanStatusCode.ERROR) expect(steps).toEqual(['drover.observe']);
      else expect(steps).toContain('drover.plan');
    }
    expect(passes.filter((pass) => pass.status.code !== SpanStatusCode.ERROR).length).toBeGreaterThan(1);
    const billed = passes.reduce((sum, pass) => sum + Number(pass.attributes['drover.github.billed']), 0);
    expect(billed).toBeGreaterThan(0);

    // One span per write, each the child of its round's apply span, itself a child of a pass.
    const writes = spans.filter((span) => span.name === 'drover.action');
    for (const write of writes) {
      const apply = parentOf(spans, write);
      expect(apply?.name).toBe('drover.apply');
      expect(parentOf(spans, apply!)?.name).toBe('drover.reconcile');
    }
    const ofTask = (kind: string) =>
      writes.filter(
        (span) => span.attributes['drover.action'] === kind && span.attributes['drover.task'] === task,
      );
    expect(ofTask('dispatch').map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'drover.attempt': 1,
        'drover.attempt.kind': 'implement',
        'drover.slot': 1,
        'drover.outcome': 'changed',
      }),
    ]);
    expect(ofTask('publish')).toHaveLength(1);
    expect(ofTask('open-pull-request')).toHaveLength(1);
    expect(ofTask('merge').length + ofTask('enable-auto-merge').length).toBeGreaterThanOrEqual(1);
    // In the order of the task's life.
    const startOf = (kind: string) => hrMs(ofTask(kind)[0]!.startTime);
    expect(startOf('dispatch')).toBeLessThan(startOf('publish'));
    expect(startOf('publish')).toBeLessThan(startOf('open-pull-request'));

    const metrics = await otel.metrics();
    const where = { 'drover.repo': repo.fullName };
    expect(total(metrics, METRICS.tasksDone, where)).toBe(1);
    expect(total(metrics, METRICS.tasksFailed, where)).toBe(0);
    expect(
      total(metrics, METRICS.attempts, {
        ...where,
        'drover.attempt.kind': 'implement',
        'drover.outcome': 'success',
      }),
    ).toBe(1);
    expect(histogramCount(metrics, METRICS.attemptDuration, where)).toBe(1);
    expect(histogramCount(metrics, METRICS.readyToDispatch, where)).toBe(1);
    expect(histogramCount(metrics, METRICS.pullRequestToMerge, where)).toBe(1);
    expect(histogramCount(metrics, METRICS.reconcileDuration, where)).toBe(passes.length);
    expect(
      total(metrics, METRICS.actions, { ...where, 'drover.action': 'dispatch', 'drover.outcome': 'ok' }),
    ).toBe(1);
    // The session's counters: the passes' requests and the command's.
    expect(total(metrics, METRICS.githubRequests, { ...where, 'drover.request': 'billed' })).toBeGreaterThan(
      billed,
    );
    expect(total(metrics, METRICS.githubRequests, { ...where, 'drover.request': 'write' })).toBeGreaterThan(
      0,
    );
    // At most the one task (closed; or no longer tracked once its run has ended with it), never running.
    expect(total(metrics, METRICS.tasks, where)).toBeLessThanOrEqual(1);
    expect(total(metrics, METRICS.tasks, { ...where, 'drover.phase': 'running' })).toBe(0);
    expect(total(metrics, METRICS.tasksReady, where)).toBe(0);
    const remaining = points(metrics, METRICS.rateLimitRemaining, where);
    expect(remaining).toHaveLength(1);
    expect(remaining[0]!.value).toBeGreaterThan(0);
    expect(
      points(metrics, METRICS.queueDepth)
        .map((point) => point.attributes['drover.queue'])
        .sort(),
    ).toEqual(['commands', 'running', 'waiting']);
  }, 60_000);
});

function childrenOf(spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  return spans
    .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => hrMs(a.startTime) - hrMs(b.startTime));
}

function parentOf(spans: ReadableSpan[], child: ReadableSpan): ReadableSpan | undefined {
  return spans.find((span) => span.spanContext().spanId === child.parentSpanContext?.spanId);
}

function hrMs([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
