/**
 * ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` claim names the run and job the artifact service
 * may write for (`Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`, read by
 * @actions/artifact's getBackendIdsFromToken). Signed HS256 with a per-simulator key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface RuntimeScope {
  runBackendId: string;
  jobBackendId: string;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export class RuntimeTokens {
  private readonly key = randomBytes(32);
  private readonly revoked = new Set<string>();

  mint(scope: RuntimeScope, lifetimeSeconds: number, nowSeconds: number): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = base64url(
      JSON.stringify({
        scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${scope.runBackendId}:${scope.jobBackendId}`,
        iat: nowSeconds,
        exp: nowSeconds + lifetimeSeconds,
      }),
    );
    return `${header}.${claims}.${this.sign(`${header}.${claims}`)}`;
  }

  revoke(token: string): void {
    this.revoked.add(token);
  }

  /** The scope of a valid, unexpired, unrevoked token; null otherwise. */
  verify(token: string, nowSeconds: number): RuntimeScope | null {
    const [header, claims, signature] = token.split('.');
    if (!header || !claims || !signature || this.revoked.has(token)) return null;
    const expected = Buffer.from(this.sign(`${header}.${claims}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
      scp?: string;
      exp?: number;
    };
    if (typeof payload.exp !== 'number' || payload.exp < nowSeconds) return null;
    const results = (payload.scp ?? '').split(' ').find((scope) => scope.startsWith('Actions.Results:'));
    const [, runBackendId, jobBackendId] = (results ?? '').split(':');
    return runBackendId && jobBackendId ? { runBackendId, jobBackendId } : null;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
