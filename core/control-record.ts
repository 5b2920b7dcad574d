/**
 * The control record: what trusted people decided through commands (the active run, per-task
 * retries and resets) and where Drover's views live. It is kept in the ref `refs/drover/state`
 * as a chain of commits whose message is this record as JSON, and changed only by a
 * compare-and-swap of that ref (docs/control-loop.md §4), so two controllers never overwrite
 * each other. It is read back like any input: a damaged record reads as empty, with a problem.
 */
import { z } from 'zod';
import type { RunRecord } from './types.js';

export const CONTROL_REF = 'refs/drover/state';

const runSchema = z.object({
  id: z.string().min(1).max(100),
  epic: z.string().max(100).nullable(),
  workers: z.number().int().min(1).max(64),
  budgetUsd: z.number().nonnegative().max(1e9).nullable(),
  paused: z.boolean(),
  cancelled: z.boolean(),
  startedBy: z.string().max(100),
  startedAt: z.string().max(40),
  endedAt: z.string().max(40).nullable().optional(),
  verdict: z.string().max(200).nullable().optional(),
}) satisfies z.ZodType<RunRecord>;

const overrideSchema = z.object({
  kind: z.enum(['retry', 'reset']),
  /** Attempts numbered up to this one no longer count against the task's allowance. */
  afterAttempt: z.number().int().nonnegative(),
  /** Attempts the task may make after the override (1 for retry, max_attempts for reset). */
  allowance: z.number().int().min(1).max(100),
  by: z.string().max(100),
  at: z.string().max(40),
});

export type TaskOverride = z.infer<typeof overrideSchema>;

/** A `/drover approve #N`: the task and its text as they were at `at` are approved (core/approval.ts). */
const approvalSchema = z.object({
  by: z.string().max(100),
  at: z.string().max(40),
});

/** A `/drover spec` waiting for its spec attempt (core/plan/plan-specs.ts). */
const specRequestSchema = z.object({
  /** The issue the command was given on: the reply goes there. */
  issue: z.number().int().positive(),
  /** The documents, relative to the repository root, as the command named them. */
  paths: z.array(z.string().min(1).max(200)).min(1).max(20),
  by: z.string().max(100),
  at: z.string().max(40),
});

export type SpecRequest = z.infer<typeof specRequestSchema>;

/**
 * A revision a trusted person asked for on a task's pull request (a "changes requested" review,
 * or `/drover revise <text>`): served by the task's first revise attempt numbered above `afterAttempt`, answered
 * and removed when that attempt is over (core/plan/plan-revisions.ts). Keyed `review:<id>` or
 * `comment:<id>`; the attempt job reads the text itself, by that id, with its read-only token.
 */
const revisionRequestSchema = z.object({
  task: z.number().int().positive(),
  pullRequest: z.number().int().positive(),
  by: z.string().max(100),
  at: z.string().max(40),
  /** The task's highest attempt number when the request was made: the next revise attempt serves it. */
  afterAttempt: z.number().int().nonnegative(),
});

export type RevisionRequest = z.infer<typeof revisionRequestSchema>;

export const REVISION_KEY_PATTERN = /^(review|comment):(\d+)$/;

export const controlRecordSchema = z.object({
  version: z.literal(1),
  run: runSchema.nullable(),
  /** By task number (as a string: JSON object keys). */
  overrides: z.record(z.string().regex(/^\d+$/), overrideSchema),
  /** `/drover approve` by task number (absent: none). */
  approvals: z.record(z.string().regex(/^\d+$/), approvalSchema).optional(),
  /** `/drover spec` requests not answered yet, by the command's comment id (absent: none). */
  specs: z.record(z.string().regex(/^\d+$/), specRequestSchema).optional(),
  /** Revisions asked for and not answered yet, by `review:<id>` or `comment:<id>` (absent: none). */
  revisions: z.record(z.string().regex(REVISION_KEY_PATTERN), revisionRequestSchema).optional(),
  /**
   * The `/drover` comments whose change this record carries, by comment id (the latest
   * COMMANDS_KEPT): a command taken up again after its controller died is not applied twice.
   */
  commands: z.array(z.number().int().positive()).max(1000).optional(),
  /** The dashboard issue that carries the run's status comment. */
  dashboard: z
    .object({ issue: z.number().int().positive(), statusComment: z.number().int().positive().nullable() })
    .nullable(),
});

export type ControlRecord = z.infer<typeof controlRecordSchema>;

/**
 * Applied commands remembered: far more than are ever taken up again (only those of the last
 * few minutes, docs/control-loop.md §4), few enough to keep the record small.
 */
export const COMMANDS_KEPT = 100;

/** Has the record applied the command of this comment? */
export function appliedCommand(record: ControlRecord, commentId: number): boolean {
  return record.commands?.includes(commentId) ?? false;
}

/** The record with the command of this comment noted as applied (the oldest forgotten past COMMANDS_KEPT). */
export function withAppliedCommand(record: ControlRecord, commentId: number): ControlRecord {
  return { ...record, commands: [...(record.commands ?? []), commentId].slice(-COMMANDS_KEPT) };
}

export function emptyControlRecord(): ControlRecord {
  return { version: 1, run: null, overrides: {}, dashboard: null };
}

/** The record in a commit message, or the empty record and why it could not be read. */
export function parseControlRecord(message: string): { record: ControlRecord; problem: string | null } {
  let data: unknown;
  try {
    data = JSON.parse(message) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { record: emptyControlRecord(), problem: `${CONTROL_REF} does not hold JSON: ${error.message}` };
  }
  const parsed = controlRecordSchema.safeParse(data);
  if (parsed.success) return { record: parsed.data, problem: null };
  const first = parsed.error.issues[0];
  return {
    record: emptyControlRecord(),
    problem: `${CONTROL_REF} is not a valid control record (${first?.path.join('.') || 'record'}: ${first?.message ?? 'invalid'})`,
  };
}

export function overrideFor(record: ControlRecord, task: number): TaskOverride | undefined {
  return record.overrides[String(task)];
}

export function approvalFor(record: ControlRecord, task: number): { by: string; at: string } | undefined {
  return record.approvals?.[String(task)];
}
