import { describe, expect, it } from '@jest/globals';
import type { SimAuth } from '../../../simulator/host.js';
import { GraphqlRateLimits, holderKey } from '../../../simulator/graphql/rate-limit-ledger.js';

const installation: SimAuth = { kind: 'installation', login: 'app[bot]', installationId: 7, permissions: {} };
const job: SimAuth = { kind: 'job', login: 'github-actions[bot]', repo: 'o/r', permissions: {} };

describe('GraphqlRateLimits', () => {
  it('gives an installation 5,000 points an hour and a GITHUB_TOKEN 1,000 per repository', () => {
    const limits = new GraphqlRateLimits(() => new Date('2026-01-01T00:00:00Z'));
    expect(limits.status(installation)).toMatchObject({ limit: 5_000, remaining: 5_000, used: 0 });
    expect(limits.status(job)).toMatchObject({ limit: 1_000, remaining: 1_000 });
    expect(limits.status(job).resetAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });

  it('charges until the points run out, then refuses without charging', () => {
    const limits = new GraphqlRateLimits(() => new Date('2026-01-01T00:00:00Z'));
    expect(limits.charge(job, 600)).toMatchObject({ remaining: 400, used: 600 });
    expect(limits.charge(job, 401)).toBeUndefined();
    expect(limits.charge(job, 400)).toMatchObject({ remaining: 0 });
  });

  it('starts a fresh window after the reset time', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const limits = new GraphqlRateLimits(() => now);
    limits.charge(installation, 5_000);
    now = new Date('2026-01-01T01:00:00Z');
    expect(limits.charge(installation, 1)).toMatchObject({ remaining: 4_999 });
  });

  it('keys installations by id and job tokens by repository', () => {
    expect(holderKey(installation)).toBe('installation:7');
    expect(holderKey(job)).toBe('job:o/r');
    expect(holderKey({ kind: 'user', login: 'alice', permissions: {} })).toBe('user:alice');
  });
});
