/**
 * Drover's controller as one GitHub Actions job (`.github/workflows/drover-controller.yml`):
 * the event that started the job plays the webhook's role, through the same router, gates,
 * commands and reconciler as the app (app/webhooks, app/controller.ts). Then passes go on while
 * the planner wants to look again soon (GitHub computing a PR's mergeability, a retry due in
 * seconds), within a bound; later wake-ups are left to the next event or the scheduled resync.
 * Drover keeps its state on GitHub, so a job starts from one full read and leaves nothing behind.
 */
import type { PlanRenderers } from '../../core/plan/plan-reconcile.js';
import { Controller, describeError } from '../controller.js';
import type { Logger } from '../reconcile/apply/apply-context.js';
import type { ReconcileReport } from '../reconcile/reconcile.js';
import type { RepoTarget } from '../reconcile/repo-scheduler.js';
import { WebhookRouter, ROUTES } from '../webhooks/route-webhooks.js';
import type { RepoPayload } from '../webhooks/webhook-context.js';
import { statusRenderers as statusRendererBase } from '../status/status-comment.js';
import type { JobAccess } from './job-access.js';

/** Events that carry no hint: a full pass of the repository (the scheduled resync, a manual run). */
const RESYNC_EVENTS: ReadonlySet<string> = new Set(['schedule', 'workflow_dispatch', 'repository_dispatch']);

/** Defaults: the job waits for a wake-up at most 30 s away, and passes for at most 4 minutes in all. */
const MAX_WAIT_MS = 30_000;
const MAX_JOB_MS = 4 * 60_000;
/** After a failed pass, look again after 1 s, 2 s, 4 s … (as RepoScheduler does), within the bounds. */
const FIRST_BACKOFF_MS = 1_000;
/** At least this long between two passes of one job, whatever the planner asks. */
const MIN_GAP_MS = 1_000;

export interface ControllerJobOptions {
  /** `owner/name` (GITHUB_REPOSITORY). */
  repo: string;
  /** GITHUB_EVENT_NAME. */
  eventName: string;
  /** The triggering event's payload (the JSON at GITHUB_EVENT_PATH). */
  payload: Record<string, unknown>;
  /** Stands in for X-GitHub-Delivery (GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT). */
  deliveryId: string;
  access: JobAccess;
  log: Logger;
  /**
   * This workflow (GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/x.yml@refs/heads/main`). A
   * command's job runs beside the repository's queue (its own concurrency group, so that no later
   * event replaces it); the pass the command asks for is queued with a `workflow_dispatch` of this
   * workflow, so that passes never run two at a time. Without it the pass runs in this job.
   */
  workflowRef?: string;
  now?: () => Date;
  /** A wake-up further away than this ends the job. */
  maxWaitMs?: number;
  /** Passes stop starting after this long. */
  maxJobMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ControllerJobResult {
  /** Passes run (0: the event was ignored, as the app ignores it). */
  passes: number;
  /** Passes (and commands) that failed or left failures. */
  failedPasses: number;
  /** The job ended on a failure it could not retry within its bounds (the job should show red). */
  failed: boolean;
}

export async function runControllerJob(options: ControllerJobOptions): Promise<ControllerJobResult> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const startedAt = now().getTime();
  const seen = { last: null as ReconcileReport | null, passes: 0, failedPasses: 0, errors: 0 };
  // A pass that throws reports nothing; the scheduler logs it as an error, which is how it is counted.
  const log: Logger = {
    ...options.log,
    error: (message) => {
      seen.errors += 1;
      options.log.error(message);
    },
  };
  const controller = new Controller({
    access: options.access,
    log,
    now,
    // Nothing to debounce: the job has one event, and the repository's concurrency group queues the rest.
    scheduler: { quietMs: 0, maxDelayMs: 0 },
    renderers: options.access.kind === 'github-token' ? withTokenNotice() : undefined,
    afterCommand: (wanted) => {
      if (options.workflowRef === undefined) controller.scheduler.request(wanted, 0);
      else
        passQueued = queuePass(options, options.workflowRef, log).catch((error: unknown) => {
          log.error(`could not queue the pass (${describeError(error)}): running it here`);
          controller.scheduler.request(wanted, 0);
        });
    },
    onReport: (report) => {
      seen.last = report;
      seen.passes += 1;
      if (report.failures.length > 0) seen.failedPasses += 1;
    },
  });
  const target: RepoTarget = { repo: options.repo, installationId: 0 };
  let passQueued: Promise<void> | null = null;
  try {
    await deliver(controller, options, target, log);
    await passQueued;
    await controller.idle();
    let failuresInRow = 0;
    // Nothing ran: the router ignored the event (a bot's comment, a PR that is not Drover's…).
    while (seen.passes + seen.errors > 0) {
      const before = { passes: seen.passes, errors: seen.errors };
      const report = seen.last;
      failuresInRow = report === null || report.failures.length > 0 ? failuresInRow + 1 : 0;
      const wait = nextLookMs(report, failuresInRow, now());
      const maxWait = options.maxWaitMs ?? MAX_WAIT_MS;
      const left = startedAt + (options.maxJobMs ?? MAX_JOB_MS) - now().getTime();
      if (wait === null || wait > maxWait || wait > left) break;
      await sleep(wait);
      // The scheduler may have started the wake-up itself (its own timer); ask only if it did not.
      if (seen.passes === before.passes && seen.errors === before.errors)
        controller.scheduler.request(target, 0);
      await controller.idle();
      if (seen.passes === before.passes) seen.last = null;
    }
  } finally {
    controller.close();
  }
  const thrown = seen.errors;
  options.log.info(
    `${options.repo}: ${seen.passes} pass(es) for ${options.eventName}, ${seen.failedPasses + thrown} failed`,
  );
  const lastFailed = seen.passes + seen.errors > 0 && (seen.last === null || seen.last.failures.length > 0);
  return { passes: seen.passes, failedPasses: seen.failedPasses + thrown, failed: lastFailed };
}

/** The event, routed as the app routes a webhook; the resync events ask for a full pass. */
async function deliver(
  controller: Controller,
  options: ControllerJobOptions,
  target: RepoTarget,
  log: Logger,
): Promise<void> {
  if (RESYNC_EVENTS.has(options.eventName)) {
    controller.request(target, { full: true });
    return;
  }
  if (ROUTES[options.eventName] === undefined) {
    log.warn(`${options.eventName} is not an event Drover reacts to: nothing to do`);
    return;
  }
  const payload: RepoPayload & Record<string, unknown> = {
    ...options.payload,
    // Actions payloads may lack these; the job works on its own repository with one token.
    repository: { ...(options.payload.repository as object), full_name: options.repo },
    installation: { id: target.installationId },
  };
  // A command that failed has told its author so; the job logs it and still reconciles.
  await new WebhookRouter(controller)
    .route({ id: options.deliveryId, name: options.eventName, payload })
    .catch((error: unknown) =>
      log.error(`${options.eventName} could not be handled: ${describeError(error)}`),
    );
}

/** A `workflow_dispatch` of this workflow on its own ref: the pass runs in the repository's queue. */
async function queuePass(options: ControllerJobOptions, workflowRef: string, log: Logger): Promise<void> {
  const match = /^[^/]+\/[^/]+\/(.+)@(.+)$/.exec(workflowRef);
  if (match === null) throw new Error(`GITHUB_WORKFLOW_REF "${workflowRef}" is not owner/repo/path@ref`);
  const [, path = '', ref = ''] = match;
  const [owner = '', repo = ''] = options.repo.split('/');
  const octokit = await options.access.octokitFor(0);
  await octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
    owner,
    repo,
    workflow_id: path.split('/').pop() ?? path,
    ref,
  });
  log.info(`the command asked for a pass: queued as a run of ${path}`);
}

/** Milliseconds until the planner (or a failure's backoff) wants another look; null: nothing soon. */
function nextLookMs(report: ReconcileReport | null, failuresInRow: number, now: Date): number | null {
  const backoff = failuresInRow > 0 ? FIRST_BACKOFF_MS * 2 ** (failuresInRow - 1) : null;
  const wake = report?.nextWakeAt
    ? Math.max(MIN_GAP_MS, Date.parse(report.nextWakeAt) - now.getTime())
    : null;
  if (backoff === null) return wake;
  return wake === null ? backoff : Math.min(wake, backoff);
}

/**
 * What a controller running on the plain GITHUB_TOKEN cannot do, said once at the foot of the
 * status comment: GitHub starts no workflow for events that token causes, except
 * `workflow_dispatch` (so attempts still start).
 * https://docs.github.com/actions/writing-workflows/choosing-when-your-workflow-runs/triggering-a-workflow#triggering-a-workflow-from-a-workflow
 */
export const GITHUB_TOKEN_NOTICE = [
  '> [!NOTE]',
  '> Drover runs here as an Actions workflow with the repository’s `GITHUB_TOKEN`. GitHub starts no',
  '> workflow for what that token does, except `workflow_dispatch`: attempts still start, but the pull',
  '> requests Drover opens do not start your CI by themselves (their runs wait for approval), and',
  '> Drover’s own merges and comments do not wake it: it catches up at the next event or scheduled',
  '> resync. A GitHub App token (`app-id` and `private-key`) removes both limits (docs/getting-started.md).',
].join('\n');

function withTokenNotice(): PlanRenderers {
  return {
    status(view) {
      const rendered = statusRendererBase.status(view);
      return { ...rendered, body: `${rendered.body.trimEnd()}\n\n${GITHUB_TOKEN_NOTICE}\n` };
    },
  };
}
