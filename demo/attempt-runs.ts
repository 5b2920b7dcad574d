/**
 * Drover's workflow runs as the demo sees them (read from the simulator's Actions state, so
 * watching costs no API requests): which task and attempt each run is, and when its job ran.
 */
import type { RunStatus } from '../simulator/actions/run-store.js';
import type { Simulator } from '../simulator/index.js';

export interface AttemptRun {
  runId: number;
  task: number;
  attempt: number;
  /** implement, or resolve (a conflicted pull request). */
  mode: string;
  status: RunStatus;
  conclusion: string | null;
  startedAt: number | null;
  completedAt: number | null;
}

/** Run names follow the app's convention `drover #<issue> attempt <n>`. */
const RUN_NAME = /drover #(\d+) attempt (\d+)/;

export function attemptRuns(sim: Simulator, repo: string): AttemptRun[] {
  return sim.actions
    .runs()
    .filter((run) => run.repo.toLowerCase() === repo.toLowerCase())
    .flatMap((run) => {
      const match = RUN_NAME.exec(run.displayTitle);
      const task = Number(run.inputs.task ?? match?.[1]);
      const attempt = Number(run.inputs.attempt ?? match?.[2]);
      if (!Number.isInteger(task) || !Number.isInteger(attempt)) return [];
      const jobs = run.jobs;
      const started = jobs.map((job) => job.startedAt).filter((at): at is string => at !== null);
      const completed = jobs.map((job) => job.completedAt).filter((at): at is string => at !== null);
      return [
        {
          runId: run.id,
          task,
          attempt,
          mode: run.inputs.mode ?? 'implement',
          status: run.status,
          conclusion: run.conclusion,
          startedAt: started.length > 0 ? Math.min(...started.map(Date.parse)) : null,
          completedAt:
            completed.length === jobs.length && completed.length > 0
              ? Math.max(...completed.map(Date.parse))
              : null,
        },
      ];
    })
    .sort((a, b) => a.runId - b.runId);
}

/** The most jobs that ran at the same moment (from their start and end times). */
export function maxConcurrentRuns(runs: AttemptRun[]): number {
  const edges = runs.flatMap((run) =>
    run.startedAt === null
      ? []
      : [
          { at: run.startedAt, delta: 1 },
          { at: run.completedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
        ],
  );
  // At equal times, count the end before the start: a slot freed and reused is not an overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const edge of edges) {
    current += edge.delta;
    most = Math.max(most, current);
  }
  return most;
}
