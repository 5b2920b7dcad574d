/**
 * How big an attempt's artifact may be. The artifact holds `outcome.json` and `patch.json`, and
 * the patch carries whole file contents in base64 (4/3 of their size), so its limits follow
 * from `patch.max_bytes`: anything larger could never pass the patch policy, and reading it
 * would only cost memory. A zip bomb (a few KiB that inflate to gigabytes) is stopped while it
 * inflates, never held whole.
 */
import type { DroverConfig } from '../../core/config.js';

export interface ArtifactLimits {
  /** Largest zip to download (the artifact list's `size_in_bytes`, checked before download). */
  maxZipBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxInflatedBytes: number;
  /** Most entries in the zip (the action writes two). */
  maxEntries: number;
}

/** Room for what is not file content: outcome.json, paths, commit messages, JSON syntax. */
const OVERHEAD_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 16;

export function artifactLimits(patch: Pick<DroverConfig['patch'], 'max_bytes'>): ArtifactLimits {
  const inflated = Math.ceil((patch.max_bytes * 4) / 3) + OVERHEAD_BYTES;
  // Stored (uncompressed) entries are the worst case: the zip is then its content plus headers.
  return { maxZipBytes: inflated + 1024 * 1024, maxInflatedBytes: inflated, maxEntries: MAX_ENTRIES };
}

/** The reason not to download an artifact of this size, or null. */
export function artifactSizeProblem(sizeInBytes: number, limits: ArtifactLimits): string | null {
  if (!Number.isSafeInteger(sizeInBytes) || sizeInBytes < 0)
    return `The attempt artifact reports an impossible size (${sizeInBytes}).`;
  if (sizeInBytes > limits.maxZipBytes)
    return `The attempt artifact is ${sizeInBytes} bytes, more than the ${limits.maxZipBytes} bytes a patch within \`patch.max_bytes\` needs; it was not downloaded.`;
  return null;
}
