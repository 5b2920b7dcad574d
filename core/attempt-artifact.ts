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
  mode: z.enum(['implement', 'resolve']),
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

export const outcomeSchema = z.object({
  version: z.literal(1),
  task: z.number().int().positive(),
  attempt: z.number().int().positive(),
  status: z.enum(['success', 'blocked', 'failed']),
  /** One line for people: why it failed or is blocked, or the agent's summary on success. */
  reason: z.string().nullable(),
  summary: z.string().nullable().default(null),
  agent: z.string(),
  model: z.string().nullable(),
  turns: z.number().int().nonnegative().nullable(),
  tokens: z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).nullable(),
  costUsd: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
  verify: z.object({ command: z.string(), passed: z.boolean(), outputTail: z.string() }).nullable(),
  baseSha: z.string().regex(/^[0-9a-f]{40}$/),
  /** True when patch.json holds partial work of a failed/blocked attempt (the app keeps it on a WIP branch). */
  partial: z.boolean().default(false),
});

export type FileChange = z.infer<typeof fileChangeSchema>;
export type PatchCommit = z.infer<typeof patchCommitSchema>;
export type AttemptPatch = z.infer<typeof patchSchema>;
export type AttemptOutcome = z.infer<typeof outcomeSchema>;
