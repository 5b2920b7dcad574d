/**
 * Short-lived signed URLs on the simulator (artifact blobs, job logs), standing in for the Azure
 * SAS URLs GitHub hands out (`sig`, `se`, `sp` query parameters, as @actions/artifact expects
 * and masks in logs).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type UrlAccess = 'r' | 'w';

export const BLOB_ROUTE_PREFIX = '/_sim/artifacts/blobs';
export const JOB_LOG_ROUTE_PREFIX = '/_sim/actions/jobs';

export class SignedUrls {
  private readonly key = randomBytes(32);

  constructor(private readonly baseUrl: string) {}

  /** An absolute URL for `path` (e.g. `/_sim/artifacts/blobs/12`) granting `access` until `expiresAt`. */
  sign(path: string, access: UrlAccess, expiresAt: Date): string {
    const se = expiresAt.toISOString();
    const url = new URL(`${this.baseUrl}${path}`);
    url.searchParams.set('sp', access);
    url.searchParams.set('se', se);
    url.searchParams.set('sig', this.signature(path, access, se));
    return url.toString();
  }

  /** Whether the query string grants `access` to `path` at `now`. */
  allows(path: string, access: UrlAccess, query: URLSearchParams, now: Date): boolean {
    const sig = query.get('sig');
    const se = query.get('se');
    if (!sig || !se || query.get('sp') !== access || Date.parse(se) < now.getTime()) return false;
    const expected = Buffer.from(this.signature(path, access, se));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signature(path: string, access: UrlAccess, se: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${access}\n${se}`).digest('base64url');
  }
}

export const artifactBlobPath = (artifactId: number) => `${BLOB_ROUTE_PREFIX}/${artifactId}`;
export const jobLogPath = (jobId: number) => `${JOB_LOG_ROUTE_PREFIX}/${jobId}/logs`;
