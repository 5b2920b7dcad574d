/**
 * Schemas for the state Drover keeps in markers. Markers live in comments anyone can see, so
 * what is read back is validated like any other input: a damaged record reads as absent.
 */
import { z } from 'zod';
import type { AttemptRecord, RunRecord } from '../../core/types.js';

export const attemptRecordSchema = z.object({
  attempt: z.number().int().nonnegative(),
  runId: z.number().int().nullable(),
  dispatchedAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  lastOutcome: z.enum(['success', 'failed', 'blocked']).nullable(),
  reason: z.string().nullable(),
  durationsMs: z.array(z.number().nonnegative()),
  costUsd: z.number().nonnegative(),
  wipBranch: z.string().nullable(),
}) satisfies z.ZodType<AttemptRecord>;

export const runRecordSchema = z.object({
  id: z.string(),
  epic: z.string().nullable(),
  workers: z.number().int().positive(),
  budgetUsd: z.number().nonnegative().nullable(),
  paused: z.boolean(),
  cancelled: z.boolean(),
  startedBy: z.string(),
  startedAt: z.string(),
}) satisfies z.ZodType<RunRecord>;

export function emptyAttemptRecord(): AttemptRecord {
  return {
    attempt: 0,
    runId: null,
    dispatchedAt: null,
    nextRetryAt: null,
    lastOutcome: null,
    reason: null,
    durationsMs: [],
    costUsd: 0,
    wipBranch: null,
  };
}
