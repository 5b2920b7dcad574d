/**
 * The controller: one session per repository, one scheduler for all of them, and the two things
 * that happen to a repository — a reconcile pass, and a command. It knows nothing of how it is
 * hosted (the Probot app in drover-app.ts; one GitHub Actions job in app/actions/controller-job.ts): it asks `access` for an
 * authenticated Octokit per installation.
 */
import type { Octokit } from '@octokit/core';
import type { ScannedCommand } from '../core/gateway/comments.js';
import type { RepoGateway } from '../core/gateway/index.js';
import { planReconcile, type PlanRenderers, type ReconcilePlan } from '../core/plan/plan-reconcile.js';
import type { RepoState } from '../core/repo-state.js';
import { handleCommand, type HandleCommandResult } from './commands/handle-command.js';
import type { CommentAuthor } from './commands/authorize-commenter.js';
import { handleReview, type HandleReviewInput } from './commands/handle-review.js';
import type { AppIdentity } from './github/app-identity.js';
import { createRepoGateway } from './github/repo-gateway.js';
import { WriteSpacing } from './github/write-spacing.js';
import type { Logger } from './reconcile/apply/apply-context.js';
import { observe } from './reconcile/observe/observe.js';
import { reconcile, type ReconcileReport } from './reconcile/reconcile.js';
import {
  RepoScheduler,
  type PassResult,
  type RepoTarget,
  type SchedulerOptions,
} from './reconcile/repo-scheduler.js';
import { RepoSession } from './reconcile/repo-session.js';
import { statusRenderers } from './status/status-comment.js';
import { tracePass } from './telemetry/loop-spans.js';
import { NO_TELEMETRY, type Telemetry } from './telemetry/telemetry.js';

/** How far back a new process looks for `/drover` comments no controller handled. */
const COMMAND_LOOKBACK_MS = 15 * 60 * 1000;
/**
 * A claimed command still unanswered this long after its claim lost its controller (killed
 * between the claim and the answer): a full read takes it up again. A live controller answers
 * in a few seconds (one observe, a compare-and-swap, a reply); taking up a command that is still
 * being answered is harmless to the record (it is applied once, by comment id) but may answer twice.
 */
export const COMMAND_LEASE_MS = 20_000;

export interface GitHubAccess {
  /** An Octokit authenticated for the installation (a new one each call). */
  octokitFor(installationId: number): Promise<Octokit>;
  identity(): Promise<AppIdentity>;
  /** The web UI's base URL for links (https://github.com, a GHES host, the simulator). */
  webUrl: string;
  /**
   * Milliseconds between two writes of one installation (GITHUB_WRITE_SPACING_MS against
   * GitHub); 0 or absent: not spaced (a server on this machine has no secondary limits).
   */
  writeSpacingMs?: number;
}

export interface ControllerOptions {
  access: GitHubAccess;
  log: Logger;
  now?: () => Date;
  scheduler?: SchedulerOptions;
  /** Longest rate-limit wait a request waits out in place. */
  maxRateLimitWaitMs?: number;
  /** Called with every pass's report (the demo and the benchmarks watch them). */
  onReport?: (report: ReconcileReport) => void;
  /** OpenTelemetry spans and metrics (app/telemetry); none by default. */
  telemetry?: Telemetry;
  /** How the views are rendered (default: the status comment of app/status; the Actions controller adds a note). */
  renderers?: PlanRenderers;
  /**
   * A command changed something and the repository wants a pass: by default one is asked of this
   * controller's scheduler; the Actions controller queues it in the repository's own job queue instead.
   */
  afterCommand?: (target: RepoTarget) => void;
}

export class Controller {
  readonly scheduler: RepoScheduler;
  private readonly sessions = new Map<string, RepoSession>();
  /** One write spacing per installation, kept across passes and commands. */
  private readonly spacings = new Map<number, WriteSpacing>();
  /** Full reads asked for later (lookAgainAt), cleared on close. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => Date;
  private readonly renderers: PlanRenderers;
  readonly telemetry: Telemetry;

  constructor(private readonly options: ControllerOptions) {
    this.now = options.now ?? (() => new Date());
    this.renderers = options.renderers ?? statusRenderers;
    this.telemetry = options.telemetry ?? NO_TELEMETRY;
    this.scheduler = new RepoScheduler(
      (target) =>
        tracePass(
          this.telemetry,
          target.repo,
          () => this.session(target.repo).stats,
          () => this.pass(target),
        ),
      (target, error) => options.log.error(`reconcile of ${target.repo} failed: ${describeError(error)}`),
      options.scheduler,
    );
    this.telemetry.watchQueue(() => this.scheduler.depth());
  }

  session(repo: string): RepoSession {
    const key = repo.toLowerCase();
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = new RepoSession(repo);
      this.sessions.set(key, session);
    }
    return session;
  }

  /**
   * Ask for a pass over a repository (debounced); `full` reads everything again; `prompt`: the
   * event lets work move on (a run or a PR's checks finished, a PR closed), so the pass comes
   * after a short window that later events do not extend.
   */
  request(target: RepoTarget, options: { full?: boolean; prompt?: boolean } = {}): void {
    if (options.full) this.session(target.repo).fullReadWanted = true;
    this.scheduler.request(target, options.prompt ? 'prompt' : undefined);
  }

  /** A `/drover` comment: handled with the repository's session to itself, then a pass if it changed something. */
  async command(
    target: RepoTarget,
    input: { issue: number; comment: { id: number; body: string } & CommentAuthor; recover?: boolean },
  ): Promise<HandleCommandResult> {
    const inHand = this.session(target.repo).commandsInHand;
    inHand.add(input.comment.id);
    const result = await this.scheduler
      .exclusive(target, async () => {
        const session = this.session(target.repo);
        const gateway = await this.gateway(target, session);
        const identity = await this.options.access.identity();
        return handleCommand({
          gateway,
          session,
          issue: input.issue,
          comment: input.comment,
          recover: input.recover ?? false,
          ownAppId: identity.appId,
          now: this.now(),
          look: () => this.look(gateway, session),
        });
      })
      .catch((error: unknown) => {
        this.lookForCommandsLater(target);
        throw error;
      })
      .finally(() => inHand.delete(input.comment.id));
    if (result.reconcile)
      (this.options.afterCommand ?? ((wanted) => this.scheduler.request(wanted, 0)))(target);
    return result;
  }

  /** Observes a repository and plans, without applying: what a command or review acts on. */
  private async look(
    gateway: RepoGateway,
    session: RepoSession,
  ): Promise<{ state: RepoState; plan: ReconcilePlan }> {
    const observation = await observe(gateway, session, {
      now: this.now(),
      webUrl: this.options.access.webUrl,
    });
    return { state: observation.state, plan: planReconcile(observation.state, this.now(), this.renderers) };
  }

  /** A submitted review of a Drover PR: a trusted "changes requested" asks for a revision. */
  async review(
    target: RepoTarget,
    input: Pick<HandleReviewInput, 'pullRequest' | 'headRef' | 'review'>,
  ): Promise<void> {
    const recorded = await this.scheduler.exclusive(target, async () => {
      const session = this.session(target.repo);
      const gateway = await this.gateway(target, session);
      const identity = await this.options.access.identity();
      return handleReview({
        ...input,
        gateway,
        session,
        ownAppId: identity.appId,
        now: this.now(),
        look: () => this.look(gateway, session),
      });
    });
    if (recorded) this.scheduler.request(target, 0);
  }

  /**
   * On each full read, `/drover` comments Drover has not answered: those nobody claimed (their
   * webhook reached no controller: GitHub delivers once) are handled like a delivery, their 👀
   * claim keeping them once; those claimed longer ago than COMMAND_LEASE_MS lost their controller
   * and are taken up again (each changes the control record once, by comment id). A claim still
   * within its lease is looked at again, by a full read, when the lease ends. A new process looks
   * back COMMAND_LOOKBACK_MS; later scans start where the last one did.
   */
  private async findMissedCommands(
    target: RepoTarget,
    session: RepoSession,
    gateway: RepoGateway,
  ): Promise<void> {
    const now = this.now().getTime();
    const since = session.commandsScannedAt ?? new Date(now - COMMAND_LOOKBACK_MS).toISOString();
    let found: ScannedCommand[];
    try {
      found = await gateway.comments.unansweredCommands(since);
    } catch (error) {
      this.options.log.warn(`${target.repo}: looking for missed commands failed: ${describeError(error)}`);
      return;
    }
    // A minute back: a comment written while this scan ran is looked at again, never skipped.
    let next = now - 60_000;
    let leaseEnds: number | null = null;
    for (const { issue, claimedAt, updatedAt, ...comment } of found) {
      if (session.commandsInHand.has(comment.id)) continue;
      const claimEnds = claimedAt === null ? null : Date.parse(claimedAt) + COMMAND_LEASE_MS;
      if (claimEnds !== null && claimEnds > now) {
        // Its controller may be answering it now: look again when the lease ends, from before it.
        next = Math.min(next, Date.parse(updatedAt) - 1000);
        leaseEnds = Math.min(leaseEnds ?? claimEnds, claimEnds);
        continue;
      }
      if (claimEnds !== null)
        this.options.log.info(`${target.repo} #${issue}: taking up again a command whose controller stopped`);
      // Not awaited: the command waits for this pass to end (one job per repository at a time).
      this.command(target, { issue, comment, recover: claimEnds !== null }).catch((error: unknown) =>
        this.options.log.error(`${target.repo} #${issue}: a missed command failed: ${describeError(error)}`),
      );
    }
    session.commandsScannedAt = new Date(next).toISOString();
    if (leaseEnds !== null) this.lookAgainAt(target, leaseEnds);
  }

  /**
   * A command failed before it was answered (a fault, a rate limit): GitHub will not deliver it
   * again, so a full read takes it up once its claim's lease ends, from far enough back to see it.
   */
  private lookForCommandsLater(target: RepoTarget): void {
    const session = this.session(target.repo);
    const back = new Date(this.now().getTime() - COMMAND_LOOKBACK_MS).toISOString();
    if (session.commandsScannedAt !== null && session.commandsScannedAt > back)
      session.commandsScannedAt = back;
    this.lookAgainAt(target, this.now().getTime() + COMMAND_LEASE_MS);
  }

  /** A full read of the repository at `at` (a claimed command's lease ends then). */
  private lookAgainAt(target: RepoTarget, at: number): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.request(target, { full: true });
      },
      Math.max(0, at - this.now().getTime()) + 100,
    );
    timer.unref();
    this.timers.add(timer);
  }

  async idle(): Promise<void> {
    await this.scheduler.idle();
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.scheduler.close();
  }

  private async gateway(target: RepoTarget, session: RepoSession): Promise<RepoGateway> {
    const octokit = await this.options.access.octokitFor(target.installationId);
    return createRepoGateway(octokit, target.repo, {
      identity: await this.options.access.identity(),
      cache: session.cache,
      stats: session.stats,
      maxWaitMs: this.options.maxRateLimitWaitMs,
      spacing: this.spacing(target.installationId),
    });
  }

  private spacing(installationId: number): WriteSpacing | undefined {
    const intervalMs = this.options.access.writeSpacingMs ?? 0;
    if (intervalMs <= 0) return undefined;
    let spacing = this.spacings.get(installationId);
    if (spacing === undefined) this.spacings.set(installationId, (spacing = new WriteSpacing(intervalMs)));
    return spacing;
  }

  private async pass(target: RepoTarget): Promise<PassResult> {
    const session = this.session(target.repo);
    const gateway = await this.gateway(target, session);
    const fullReadBefore = session.lastFullReadAt;
    const report = await reconcile(gateway, session, {
      now: this.now,
      log: this.options.log,
      renderers: this.renderers,
      webUrl: this.options.access.webUrl,
      telemetry: this.telemetry,
    });
    for (const failure of report.failures)
      this.options.log.warn(
        `${target.repo} #${failure.task} ${failure.what}: ${describeError(failure.error)}`,
      );
    this.options.onReport?.(report);
    this.telemetry.recordPass(report, session.stats, this.now());
    if (session.lastFullReadAt !== fullReadBefore) await this.findMissedCommands(target, session, gateway);
    return { nextWakeAt: report.nextWakeAt, failed: report.failures.length > 0 };
  }
}

/** An error names the request that failed; a stack alone does not. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message;
}
