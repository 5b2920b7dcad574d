/**
 * The hand-over between the action (which works, read-only) and the app (which writes): one
 * workflow artifact per attempt holding `outcome.json` and `patch.json`. The app treats both
 * as untrusted input and validates them with these schemas before it writes anything.
 *
 * The patch carries whole file contents (base64), not diffs: that is what the Git Data API
 * takes (trees with inline content or blobs), binary files need no special case, and applying
 * it cannot fail on context mismatch.
 */
import { z } from 'zod';

/** Artifact name for one attempt; the app finds it by this name on the run. */
export function attemptArtifactName(task: number, attempt: number): string {
  return `drover-task-${task}-attempt-${attempt}`;
}

export const OUTCOME_FILE = 'outcome.json';
export const PATCH_FILE = 'patch.json';

const fileMode = z.enum(['100644', '100755', '120000']);

export const fileChangeSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('write'),
    path: z.string().min(1),
    mode: fileMode.default('100644'),
    contentBase64: z.string(),
  }),
  z.object({ action: z.literal('delete'), path: z.string().min(1) }),
]);

export const patchCommitSchema = z.object({
  /** The issue this commit implements (a sub-issue, or the task itself). */
  issue: z.number().int().positive(),
  /** Full commit message, trailers included. */
  message: z.string().min(1),
  changes: z.array(fileChangeSchema),
});

export const patchSchema = z.object({
  version: z.literal(1),
  mode: z.enum(['implement', 'resolve', 'fix', 'revise']),
  /** The commit the attempt started from (default branch head, or the PR head for resolve). */
  baseSha: z.string().regex(/^[0-9a-f]{40}$/),
  /** For resolve: the base-branch commit merged in; the app makes the first commit a merge of baseSha and this. */
  mergeParentSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable()
    .default(null),
  commits: z.array(patchCommitSchema),
});

/**
 * Bounds of the outcome, which is untrusted. Texts are cut (the work is not at fault for a
 * long summary); numbers out of range make the outcome invalid, because the app adds them to
 * the run's spend and durations: a cost of 1e308 would make the spend Infinity.
 */
export const OUTCOME_LIMITS = {
  /** Shown in the PR body (65,536 characters at most on GitHub) beside Drover's own lines. */
  summaryChars: 20_000,
  /** Posted in the task's comment; one line is meant. */
  reasonChars: 2_000,
  nameChars: 200,
  verifyCommandChars: 2_000,
  /** The action keeps the last 4,000 characters of verify output. */
  verifyOutputChars: 8_000,
  /** No single attempt spends this much; a larger figure is a forged or broken report. */
  costUsd: 10_000,
  /** GitHub-hosted jobs stop after 6 hours and self-hosted ones after 5 days (Actions limits). */
  durationMs: 5 * 24 * 3_600_000,
  turns: 1_000_000,
  tokens: 1e12,
} as const;

/** Keeps the start of the text, cut to `max` characters with a note of what was cut. */
function cutText(max: number) {
  return z
    .string()
    .transform((text) =>
      text.length <= max ? text : `${text.slice(0, max)}\n[… cut: ${text.length - max} more characters]`,
    );
}

/** Keeps the end of the text (the end of a test run's output is what explains it). */
function tailText(max: number) {
  return z.string().transform((text) => (text.length <= max ? text : text.slice(text.length - max)));
}

export const outcomeSchema = z.object({
  version: z.literal(1),
  task: z.number().int().positive(),
  attempt: z.number().int().positive(),
  status: z.enum(['success', 'blocked', 'failed']),
  /** One line for people: why it failed or is blocked, or the agent's summary on success. */
  reason: cutText(OUTCOME_LIMITS.reasonChars).nullable(),
  summary: cutText(OUTCOME_LIMITS.summaryChars).nullable().default(null),
  agent: cutText(OUTCOME_LIMITS.nameChars),
  model: cutText(OUTCOME_LIMITS.nameChars).nullable(),
  turns: z.number().int().nonnegative().max(OUTCOME_LIMITS.turns).nullable(),
  tokens: z
    .object({
      input: z.number().nonnegative().max(OUTCOME_LIMITS.tokens),
      output: z.number().nonnegative().max(OUTCOME_LIMITS.tokens),
    })
    .nullable(),
  costUsd: z.number().nonnegative().max(OUTCOME_LIMITS.costUsd).nullable(),
  durationMs: z.number().nonnegative().max(OUTCOME_LIMITS.durationMs),
  verify: z
    .object({
      command: cutText(OUTCOME_LIMITS.verifyCommandChars),
      passed: z.boolean(),
      outputTail: tailText(OUTCOME_LIMITS.verifyOutputChars),
    })
    .nullable(),
  baseSha: z.string().regex(/^[0-9a-f]{40}$/),
  /** True when patch.json holds partial work of a failed/blocked attempt (the app keeps it on a WIP branch). */
  partial: z.boolean().default(false),
});

export type FileChange = z.infer<typeof fileChangeSchema>;
export type PatchCommit = z.infer<typeof patchCommitSchema>;
export type AttemptPatch = z.infer<typeof patchSchema>;
export type AttemptOutcome = z.infer<typeof outcomeSchema>;
