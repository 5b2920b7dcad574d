/**
 * Short-lived signed URLs for artifact blobs, standing in for Azure SAS URLs (`sig`, `se`, `sp`
 * query parameters, as @actions/artifact expects and masks in logs).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type BlobAccess = 'r' | 'w';

export const BLOB_ROUTE_PREFIX = '/_sim/artifacts/blobs';

export class SignedBlobUrls {
  private readonly key = randomBytes(32);

  constructor(private readonly baseUrl: string) {}

  sign(artifactId: number, access: BlobAccess, expiresAt: Date): string {
    const se = expiresAt.toISOString();
    const url = new URL(`${this.baseUrl}${BLOB_ROUTE_PREFIX}/${artifactId}`);
    url.searchParams.set('sp', access);
    url.searchParams.set('se', se);
    url.searchParams.set('sig', this.signature(artifactId, access, se));
    return url.toString();
  }

  /** Whether the query string grants `access` to the artifact at `now`. */
  allows(artifactId: number, access: BlobAccess, query: URLSearchParams, now: Date): boolean {
    const sig = query.get('sig');
    const se = query.get('se');
    if (!sig || !se || query.get('sp') !== access || Date.parse(se) < now.getTime()) return false;
    const expected = Buffer.from(this.signature(artifactId, access, se));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signature(artifactId: number, access: BlobAccess, se: string): string {
    return createHmac('sha256', this.key).update(`${artifactId}\n${access}\n${se}`).digest('base64url');
  }
}
