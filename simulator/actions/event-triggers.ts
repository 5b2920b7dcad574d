/**
 * What a `push` or `pull_request` event means for workflows: the run's refs and commits, and
 * whether GitHub starts any run at all. Events caused by a workflow's GITHUB_TOKEN start none
 * ("events triggered by the GITHUB_TOKEN … will not create a new workflow run"); a skip
 * instruction in the head commit's message starts none either.
 * https://docs.github.com/actions/writing-workflows/choosing-when-your-workflow-runs/triggering-a-workflow#triggering-a-workflow-from-a-workflow
 * https://docs.github.com/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/skipping-workflow-runs
 */
import type { RunPullRequest } from './run-store.js';
import type { DefaultBranchEvent } from './workflow-triggers.js';

/** The login a GITHUB_TOKEN acts as: what it does starts no workflow run. */
export const GITHUB_TOKEN_ACTOR = 'github-actions[bot]';

const SKIP_INSTRUCTION = /\[(skip ci|ci skip|no ci|skip actions|actions skip)\]/i;

export interface RunTrigger {
  owner: string;
  repo: string;
  event: 'workflow_dispatch' | 'push' | 'pull_request' | 'schedule' | DefaultBranchEvent;
  /** The activity type (`opened`, `synchronize`…) for `pull_request`. */
  action: string | null;
  actor: string;
  headBranch: string;
  headSha: string;
  githubSha: string;
  githubRef: string;
  pullRequests: RunPullRequest[];
  payload: Record<string, unknown>;
  inputs: Record<string, string>;
  /** The run's title when the workflow has no `run-name` (null: the workflow's name). */
  defaultTitle: string | null;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function repositoryOf(payload: Json): { owner: string; repo: string } {
  const repository = object(payload.repository);
  return { owner: text(object(repository.owner).login), repo: text(repository.name) };
}

/** Whether the event was caused by a GITHUB_TOKEN (which starts no runs). */
export const causedByWorkflowToken = (payload: Json): boolean =>
  text(object(payload.sender).login) === GITHUB_TOKEN_ACTOR;

/**
 * "To prevent recursive workflows, this event does not trigger workflows if the check suite was
 * created by GitHub Actions" (events-that-trigger-workflows, `check_suite`).
 */
export const checkSuiteOfActions = (payload: Json): boolean =>
  text(object(object(payload.check_suite).app).slug) === 'github-actions';

export const asksToSkip = (message: string): boolean => SKIP_INSTRUCTION.test(message);

/** The run a branch or tag push starts; null for a deletion or a skip instruction. */
export function pushTrigger(payload: Json): RunTrigger | null {
  const ref = text(payload.ref);
  const after = text(payload.after);
  if (payload.deleted === true || /^0+$/.test(after)) return null;
  const message = text(object(payload.head_commit).message);
  if (asksToSkip(message)) return null;
  return {
    ...repositoryOf(payload),
    event: 'push',
    action: null,
    actor: text(object(payload.sender).login),
    headBranch: ref.replace(/^refs\/(heads|tags)\//, ''),
    headSha: after,
    githubSha: after,
    githubRef: ref,
    pullRequests: [],
    payload,
    inputs: {},
    defaultTitle: message.split('\n')[0] ?? '',
  };
}

/**
 * The run a `pull_request` event starts, on the test merge commit (`mergeSha`, from
 * `refs/pull/<n>/merge`); its head commit's message is `headMessage`.
 */
export function pullRequestTrigger(payload: Json, mergeSha: string, headMessage: string): RunTrigger | null {
  if (asksToSkip(headMessage)) return null;
  const pull = object(payload.pull_request);
  const head = object(pull.head);
  const base = object(pull.base);
  const number = Number(pull.number);
  return {
    ...repositoryOf(payload),
    event: 'pull_request',
    action: text(payload.action),
    actor: text(object(payload.sender).login),
    headBranch: text(head.ref),
    headSha: text(head.sha),
    githubSha: mergeSha,
    githubRef: `refs/pull/${number}/merge`,
    pullRequests: [
      {
        id: Number(pull.id),
        number,
        headRef: text(head.ref),
        headSha: text(head.sha),
        baseRef: text(base.ref),
        baseSha: text(base.sha),
      },
    ],
    payload,
    inputs: {},
    defaultTitle: text(pull.title),
  };
}

/**
 * The run of an event that uses the default branch's workflow files: GITHUB_SHA is the last
 * commit on the default branch, GITHUB_REF the default branch (`issues`, `issue_comment`,
 * `check_suite`, `workflow_run`, `schedule`).
 */
export function defaultBranchTrigger(
  event: DefaultBranchEvent | 'schedule',
  payload: Json,
  where: { owner: string; repo: string; branch: string; sha: string; actor: string },
): RunTrigger {
  return {
    owner: where.owner,
    repo: where.repo,
    event,
    action: typeof payload.action === 'string' ? payload.action : null,
    actor: where.actor,
    headBranch: where.branch,
    headSha: where.sha,
    githubSha: where.sha,
    githubRef: `refs/heads/${where.branch}`,
    pullRequests: [],
    payload,
    inputs: {},
    defaultTitle: null,
  };
}
