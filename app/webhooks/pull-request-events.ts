/**
 * `pull_request` on a Drover branch, and `check_suite`, `check_run`, `status`, `push` to the
 * default branch: a task's PR may have become mergeable (or unmergeable). The pass re-reads the
 * PRs in review (one GraphQL query), so a PR merges within one event of becoming mergeable.
 * Checks that finished and a PR that closed ask for a prompt pass: a merge, or the tasks a
 * merged PR unblocks, wait on it.
 */
import type { WebhookHandler } from './webhook-context.js';
import { targetOf } from './webhook-context.js';

const DROVER_HEAD = /^drover\//;

interface PullPayload {
  action?: string;
  state?: string;
  pull_request?: { head?: { ref?: string } };
  check_suite?: { head_branch?: string | null; pull_requests?: Array<{ head?: { ref?: string } }> };
  check_run?: {
    check_suite?: { head_branch?: string | null };
    pull_requests?: Array<{ head?: { ref?: string } }>;
  };
  branches?: Array<{ name?: string }>;
  ref?: string;
  repository?: { default_branch?: string };
}

/** Does the event concern a Drover branch (or the default branch, which all Drover PRs merge into)? */
function concernsDrover(name: string, payload: PullPayload): boolean {
  const heads: Array<string | null | undefined> = [
    payload.pull_request?.head?.ref,
    payload.check_suite?.head_branch,
    ...(payload.check_suite?.pull_requests ?? []).map((pr) => pr.head?.ref),
    payload.check_run?.check_suite?.head_branch,
    ...(payload.check_run?.pull_requests ?? []).map((pr) => pr.head?.ref),
    ...(payload.branches ?? []).map((branch) => branch.name),
  ];
  if (heads.some((head) => typeof head === 'string' && DROVER_HEAD.test(head))) return true;
  if (name === 'push') return payload.ref === `refs/heads/${payload.repository?.default_branch ?? ''}`;
  return false;
}

/** Checks that finished (a suite, or a commit status that is no longer pending), or a PR closed. */
function letsWorkMoveOn(name: string, payload: PullPayload): boolean {
  if (name === 'check_suite' || name === 'pull_request')
    return payload.action === (name === 'check_suite' ? 'completed' : 'closed');
  return name === 'status' && payload.state !== 'pending';
}

export const onPullRequestEvent: WebhookHandler = (controller, event) => {
  const target = targetOf(event.payload);
  const payload = event.payload as PullPayload;
  if (target === null || !concernsDrover(event.name, payload)) return;
  controller.request(target, { prompt: letsWorkMoveOn(event.name, payload) });
};
