/**
 * Task estimates, in abstract units where `size:S` = 1. Measured attempt durations (ms) are
 * converted at one unit per ESTIMATE_UNIT_MS, so sized and measured tasks compare.
 */

/** One estimate unit of wall-clock time: a small (`size:S`) agent attempt takes about this long. */
export const ESTIMATE_UNIT_MS = 10 * 60 * 1000;

export const SIZE_UNITS: Readonly<Record<string, number>> = { S: 1, M: 2, L: 4, XL: 8 };

export const DEFAULT_ESTIMATE = 1;

/** The mean of measured durations when there are any, else the size's units, else the default. */
export function estimateTask(sizeUnits: number | null, durationsMs: readonly number[] | undefined): number {
  if (durationsMs !== undefined && durationsMs.length > 0) {
    const totalMs = durationsMs.reduce((sum, duration) => sum + duration, 0);
    return totalMs / durationsMs.length / ESTIMATE_UNIT_MS;
  }
  return sizeUnits ?? DEFAULT_ESTIMATE;
}
