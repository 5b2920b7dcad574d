/**
 * The hand-over of a spec attempt (`/drover spec PATH…`) between the action, which runs the
 * agent on the documents read-only, and the app, which imports the backlog: one workflow
 * artifact `drover-spec-<comment id>` holding `outcome.json` (how it went) and `backlog.jsonl`
 * (the backlog in the import format, cli/backlog/backlog-line.ts). The app treats both as
 * untrusted: it validates the outcome with this schema and the backlog with the importer's own
 * checks before it creates anything.
 *
 * A spec attempt is dispatched like a task's attempt (core/attempt-names.ts), with mode `spec`, its `task` input
 * the issue the command was given on and its `attempt` input the command's comment id, which
 * names its claim (`refs/drover/spec/<id>`), its run and its artifact; it runs in slot 0, a lane
 * of its own (`concurrency: drover-slot-0`), so it never holds a task's worker.
 */
import { z } from 'zod';

export const SPEC_SLOT = 0;
export const SPEC_OUTCOME_FILE = 'outcome.json';
export const SPEC_BACKLOG_FILE = 'backlog.jsonl';

/**
 * The most stories and tasks one spec may create. An agent's answer is untrusted: without a
 * bound, one comment could have the app open thousands of issues (GitHub also limits content
 * creation: 80 requests a minute, 500 an hour).
 */
export const SPEC_MAX_ITEMS = 200;

/** The largest backlog file read (200 items with long descriptions fit easily). */
export const SPEC_MAX_BACKLOG_BYTES = 2 * 1024 * 1024;

export function specArtifactName(commentId: number): string {
  return `drover-spec-${commentId}`;
}

export const specOutcomeSchema = z.object({
  version: z.literal(1),
  kind: z.literal('spec'),
  /** The comment id of the `/drover spec` command. */
  spec: z.number().int().positive(),
  status: z.enum(['success', 'failed']),
  /** Why it failed, in one line. */
  reason: z.string().max(2_000).nullable(),
  /** What was still wrong with the backlog after the agent was asked again (lines of `file:line: message`). */
  problems: z.array(z.string().max(2_000)).max(100),
  /** The documents the agent was given. */
  documents: z.array(z.string().max(500)).max(500),
  agent: z.string().max(200),
  model: z.string().max(200).nullable(),
  /** Agent calls made: 1, or 2 when the first answer was asked again. */
  calls: z.number().int().min(0).max(2),
  tokens: z
    .object({ input: z.number().nonnegative().max(1e12), output: z.number().nonnegative().max(1e12) })
    .nullable(),
  costUsd: z.number().nonnegative().max(10_000).nullable(),
  durationMs: z
    .number()
    .nonnegative()
    .max(5 * 24 * 3_600_000),
});

export type SpecOutcome = z.infer<typeof specOutcomeSchema>;
