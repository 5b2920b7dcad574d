/**
 * The names that make an attempt findable on GitHub, and so exactly-once: the claim ref that
 * only one controller can create, and the workflow run's name (the workflow's `run-name` renders
 * it from the dispatch inputs). See docs/control-loop.md §4.
 */

/** What an attempt does. `implement` starts from the default branch; the others work on the task's PR. */
export const ATTEMPT_KINDS = ['implement', 'resolve', 'fix', 'revise'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];

/** Branch of an implement attempt: its claim, its pinned base, the ref it runs on, and its PR head. */
export function attemptBranch(task: number, attempt: number): string {
  return `drover/${task}/attempt-${attempt}`;
}

/** Fully qualified claim ref of an attempt: a branch for implement, a hidden ref for the other kinds. */
export function claimRef(task: number, attempt: number, kind: AttemptKind): string {
  return kind === 'implement'
    ? `refs/heads/${attemptBranch(task, attempt)}`
    : `refs/drover/${task}/attempt-${attempt}`;
}

/**
 * The claim of the spec attempt a `/drover spec` comment asked for (core/spec-artifact.ts). A
 * spec attempt is not a task's attempt (its kind is not one of ATTEMPT_KINDS): its claim, run
 * name and artifact are outside every task's, so the task machinery never sees it.
 */
export function specClaimRef(commentId: number): string {
  return `refs/drover/spec/${commentId}`;
}

/** The run name of a spec attempt: the shipped `run-name` with mode `spec`, `task` the command's issue, `attempt` the comment id. */
export function specRunName(issue: number, commentId: number, slot: number): string {
  return `drover #${issue} attempt ${commentId} · spec · slot ${slot}`;
}

const SPEC_RUN_NAME_PATTERN = /^drover #(\d+) attempt (\d+) · spec · slot (\d+)$/;

export function parseSpecRunName(
  name: string | null | undefined,
): { issue: number; spec: number; slot: number } | null {
  const match = SPEC_RUN_NAME_PATTERN.exec(name ?? '');
  if (!match) return null;
  return { issue: Number(match[1]), spec: Number(match[2]), slot: Number(match[3]) };
}

/** Prefixes under which every claim lives (for a full resync's `matching-refs`). */
export const CLAIM_PREFIXES = ['heads/drover/', 'drover/'] as const;

const CLAIM_PATTERN = /^refs\/(?:heads\/drover|drover)\/(\d+)\/attempt-(\d+)$/;

/** Task, attempt and namespace of a claim ref, or null for any other ref. */
export function parseClaimRef(
  ref: string,
): { task: number; attempt: number; kind: 'implement' | 'follow-up' } | null {
  const match = CLAIM_PATTERN.exec(ref);
  if (!match) return null;
  return {
    task: Number(match[1]),
    attempt: Number(match[2]),
    kind: ref.startsWith('refs/heads/') ? 'implement' : 'follow-up',
  };
}

/** The run name the shipped workflow's `run-name` renders for these dispatch inputs. */
export function attemptRunName(task: number, attempt: number, kind: AttemptKind, slot: number): string {
  return `drover #${task} attempt ${attempt} · ${kind} · slot ${slot}`;
}

const RUN_NAME_PATTERN = /^drover #(\d+) attempt (\d+)(?: · ([a-z]+) · slot (\d+))?$/;

export interface ParsedRunName {
  task: number;
  attempt: number;
  kind: AttemptKind;
  /** null for runs of a workflow that predates slots. */
  slot: number | null;
}

export function parseAttemptRunName(name: string | null | undefined): ParsedRunName | null {
  const match = RUN_NAME_PATTERN.exec(name ?? '');
  if (!match) return null;
  const kind = (match[3] ?? 'implement') as AttemptKind;
  if (!ATTEMPT_KINDS.includes(kind)) return null;
  return {
    task: Number(match[1]),
    attempt: Number(match[2]),
    kind,
    slot: match[4] === undefined ? null : Number(match[4]),
  };
}

/**
 * Is this a commit Drover wrote for this attempt? The patch policy ends every message it writes
 * with `Drover-Task: <task>` and `Drover-Attempt: <n>` (app/publish/commit-message-policy.ts), and
 * strips those lines from what the agent wrote, so only the app's commits carry them.
 */
export function isAttemptCommit(message: string, task: number, attempt: number): boolean {
  const lines = message.split('\n').map((line) => line.trim());
  return lines.includes(`Drover-Task: ${task}`) && lines.includes(`Drover-Attempt: ${attempt}`);
}
