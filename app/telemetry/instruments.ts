/**
 * Every metric Drover records, in one table: its OpenTelemetry name, instrument, unit and meaning.
 * docs/observability.md lists them with how each is derived (app/telemetry/pass-metrics.ts), and
 * the example dashboard (docs/observability/grafana/dashboards/drover.json) queries them under the
 * names a collector's Prometheus exporter gives them (test/app/telemetry/observability-stack.test.ts
 * checks that it queries only these).
 */
export type InstrumentKind = 'counter' | 'histogram' | 'gauge';

export interface InstrumentSpec {
  name: string;
  kind: InstrumentKind;
  /** UCUM; `{…}` annotations are counts of that thing. */
  unit: string;
  description: string;
  /** Histogram bucket boundaries. */
  buckets?: number[];
}

export const INSTRUMENTS = {
  tasksDone: {
    name: 'drover.tasks.done',
    kind: 'counter',
    unit: '{task}',
    description: 'Tasks whose Drover pull request merged',
  },
  tasksFailed: {
    name: 'drover.tasks.failed',
    kind: 'counter',
    unit: '{task}',
    description: 'Tasks that failed for good (attempts exhausted)',
  },
  tasks: {
    name: 'drover.tasks',
    kind: 'gauge',
    unit: '{task}',
    description: 'Tasks by phase, as of the last pass',
  },
  tasksReady: {
    name: 'drover.tasks.ready',
    kind: 'gauge',
    unit: '{task}',
    description: 'Ready tasks waiting for a worker (or a run), as of the last pass',
  },
  attempts: {
    name: 'drover.attempts',
    kind: 'counter',
    unit: '{attempt}',
    description: 'Finished attempts, by kind and outcome',
  },
  attemptDuration: {
    name: 'drover.attempt.duration',
    kind: 'histogram',
    unit: 's',
    description: 'How long an attempt ran, as the action measured it',
    buckets: [30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
  },
  readyToDispatch: {
    name: 'drover.task.ready_to_dispatch',
    kind: 'histogram',
    unit: 's',
    description: 'From the pass that found a task ready to the pass that started its attempt',
    buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 14400],
  },
  pullRequestToMerge: {
    name: 'drover.pull_request.open_to_merge',
    kind: 'histogram',
    unit: 's',
    description: "From a task's pull request opening to its merge",
    buckets: [5, 30, 60, 300, 900, 1800, 3600, 14400, 86400],
  },
  actions: {
    name: 'drover.actions',
    kind: 'counter',
    unit: '{write}',
    description: 'Planned writes applied, by kind and outcome',
  },
  reconcileDuration: {
    name: 'drover.reconcile.duration',
    kind: 'histogram',
    unit: 's',
    description: 'How long one reconcile pass took, by how it ended',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  },
  githubRequests: {
    name: 'drover.github.requests',
    kind: 'counter',
    unit: '{request}',
    description:
      'GitHub API requests: billed (counted against the rate limit), not_modified (304, free), write',
  },
  githubGraphqlPoints: {
    name: 'drover.github.graphql_points',
    kind: 'counter',
    unit: '{point}',
    description: 'GraphQL rate-limit points spent',
  },
  rateLimitRemaining: {
    name: 'drover.github.rate_limit.remaining',
    kind: 'gauge',
    unit: '{request}',
    description: "Requests left in the installation's REST rate-limit window (x-ratelimit-remaining)",
  },
  queueDepth: {
    name: 'drover.scheduler.queue_depth',
    kind: 'gauge',
    unit: '{job}',
    description: 'Repositories waiting for a pass, passes running, commands waiting',
  },
} as const satisfies Record<string, InstrumentSpec>;

export type InstrumentKey = keyof typeof INSTRUMENTS;

/** Every instrument's name, by key. */
export const METRICS = Object.fromEntries(
  Object.entries(INSTRUMENTS).map(([key, spec]) => [key, spec.name]),
) as { [K in InstrumentKey]: (typeof INSTRUMENTS)[K]['name'] };
