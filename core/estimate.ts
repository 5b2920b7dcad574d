/**
 * Task estimates, in abstract units where `size:S` = 1 and one unit is ESTIMATE_UNIT_MS of
 * wall-clock time. A task with finished attempts is estimated by their mean duration. One
 * without is estimated by its size (or the default) at the pace measured over every finished
 * attempt of the snapshot, when there is one: if `size:S` attempts take 25 minutes here, an
 * unmeasured `size:M` task is estimated at 50 minutes, not at the nominal 20.
 */

/** One estimate unit of wall-clock time: a small (`size:S`) agent attempt takes about this long. */
export const ESTIMATE_UNIT_MS = 10 * 60 * 1000;

export const SIZE_UNITS: Readonly<Record<string, number>> = { S: 1, M: 2, L: 4, XL: 8 };

export const DEFAULT_ESTIMATE = 1;

/** What an unmeasured task's size is scaled by. */
export interface EstimateBasis {
  /** Measured wall-clock milliseconds per nominal size unit (ESTIMATE_UNIT_MS when nothing is measured). */
  msPerUnit: number;
  /** Finished attempts measured (0: the nominal pace is assumed). */
  samples: number;
}

export const NOMINAL_BASIS: EstimateBasis = { msPerUnit: ESTIMATE_UNIT_MS, samples: 0 };

/**
 * The pace over every measured attempt: total measured time over the total nominal units those
 * attempts ran (an attempt of a parent runs its sub-issues too, so their sizes count).
 */
export function measureBasis(
  measured: Iterable<{ durationsMs: readonly number[]; nominalUnits: number }>,
): EstimateBasis {
  let totalMs = 0;
  let totalUnits = 0;
  let samples = 0;
  for (const { durationsMs, nominalUnits } of measured) {
    for (const duration of durationsMs) {
      if (!(duration >= 0) || !(nominalUnits > 0)) continue;
      totalMs += duration;
      totalUnits += nominalUnits;
      samples++;
    }
  }
  return samples === 0 || totalMs === 0 ? NOMINAL_BASIS : { msPerUnit: totalMs / totalUnits, samples };
}

/** The mean of measured durations when there are any, else the size's units (or the default) at the measured pace. */
export function estimateTask(
  sizeUnits: number | null,
  durationsMs: readonly number[] | undefined,
  msPerUnit: number = ESTIMATE_UNIT_MS,
): number {
  if (durationsMs !== undefined && durationsMs.length > 0) {
    const totalMs = durationsMs.reduce((sum, duration) => sum + duration, 0);
    return totalMs / durationsMs.length / ESTIMATE_UNIT_MS;
  }
  return ((sizeUnits ?? DEFAULT_ESTIMATE) * msPerUnit) / ESTIMATE_UNIT_MS;
}
