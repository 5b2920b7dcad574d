import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { createSign } from 'node:crypto';
import { ProbotOctokit } from 'probot';
import { startSimulator, type Simulator } from '../../simulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** An RS256 JWT as a GitHub App client makes one (docs: "Generating a JSON Web Token"). */
function appJwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('simulator: GitHub App authentication', () => {
  let sim: Simulator;
  let installationId: number;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sim = await startSimulator();
    sim.createUser('alice');
    sim.createRepo('alice', 'demo');
    installationId = sim.installApp('alice/demo');
  });
  afterAll(async () => sim.close());

  it('exchanges a JWT for an installation token and calls the API with it', async () => {
    const jwt = appJwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 30, exp: now() + 540 });
    const asApp = new Octokit({ baseUrl: sim.baseUrl, auth: jwt, log: quiet });
    const { data: me } = await asApp.rest.apps.getAuthenticated();
    expect(me?.slug).toBe('drover-sim');
    const { data: found } = await asApp.rest.apps.getRepoInstallation({ owner: 'alice', repo: 'demo' });
    expect(found.id).toBe(installationId);
    const { data: token } = await asApp.rest.apps.createInstallationAccessToken({
      installation_id: installationId,
    });
    expect(token.token).toMatch(/^ghs_/);

    const asInstallation = new Octokit({ baseUrl: sim.baseUrl, auth: token.token, log: quiet });
    const { data: issue } = await asInstallation.rest.issues.create({
      owner: 'alice',
      repo: 'demo',
      title: 'via app',
    });
    expect(issue.user?.login).toBe('drover-sim[bot]');
    expect(issue.performed_via_github_app?.id).toBe(sim.app.id);
  });

  it('authenticates Probot Octokit as the app installation (auth-app: JWT, then token)', async () => {
    const octokit = new ProbotOctokit({
      auth: { appId: sim.app.id, privateKey: sim.app.privateKey, installationId },
      baseUrl: sim.baseUrl,
      log: quiet,
    });
    const { data } = await octokit.rest.issues.create({ owner: 'alice', repo: 'demo', title: 'from probot' });
    expect(data.user?.login).toBe('drover-sim[bot]');
    expect(
      sim.counters.snapshot().rest['POST /app/installations/{installation_id}/access_tokens'],
    ).toBeGreaterThanOrEqual(1);
  });

  it('works under the GHES prefix /api/v3', async () => {
    const token = await sim.installationToken(installationId);
    const kit = new Octokit({ baseUrl: `${sim.baseUrl}/api/v3`, auth: token, log: quiet });
    expect((await kit.rest.repos.get({ owner: 'alice', repo: 'demo' })).data.full_name).toBe('alice/demo');
  });

  it('refuses expired, forged and wrong-issuer JWTs with 401', async () => {
    const expired = appJwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 700, exp: now() - 60 });
    const wrongIssuer = appJwt(sim.app.privateKey, { iss: 42, iat: now() - 30, exp: now() + 540 });
    const valid = appJwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 30, exp: now() + 540 });
    const forged = `${valid.slice(0, valid.lastIndexOf('.'))}.${Buffer.from('nope').toString('base64url')}`;
    for (const jwt of [expired, wrongIssuer, forged]) {
      const kit = new Octokit({ baseUrl: sim.baseUrl, auth: jwt, log: quiet });
      await expect(kit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    }
  });

  it('does not let an installation token call app-only routes, nor a JWT call repo routes', async () => {
    const token = await sim.installationToken(installationId);
    const asInstallation = new Octokit({ baseUrl: sim.baseUrl, auth: token, log: quiet });
    await expect(asInstallation.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    const jwt = appJwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 30, exp: now() + 540 });
    const asApp = new Octokit({ baseUrl: sim.baseUrl, auth: jwt, log: quiet });
    await expect(asApp.rest.issues.listForRepo({ owner: 'alice', repo: 'demo' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('hides repositories outside the installation (404)', async () => {
    sim.createUser('carol');
    sim.createRepo('carol', 'elsewhere', { private: true });
    const kit = new Octokit({
      baseUrl: sim.baseUrl,
      auth: await sim.installationToken(installationId),
      log: quiet,
    });
    await expect(kit.rest.repos.get({ owner: 'carol', repo: 'elsewhere' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('reports collaborator permissions with legacy roles', async () => {
    sim.createUser('mia');
    sim.setPermission('alice/demo', 'mia', 'maintain');
    const kit = new Octokit({
      baseUrl: sim.baseUrl,
      auth: await sim.installationToken(installationId),
      log: quiet,
    });
    const { data } = await kit.rest.repos.getCollaboratorPermissionLevel({
      owner: 'alice',
      repo: 'demo',
      username: 'mia',
    });
    expect(data).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'mia' } });
  });

  it('injects faults: 502 once, then a secondary rate limit with retry-after', async () => {
    const kit = new Octokit({
      baseUrl: sim.baseUrl,
      auth: await sim.installationToken(installationId),
      log: quiet,
    });
    sim.faults.inject({ method: 'GET', path: '/repos/alice/demo', status: 502, times: 1 });
    await expect(kit.rest.repos.get({ owner: 'alice', repo: 'demo' })).rejects.toMatchObject({ status: 502 });
    expect((await kit.rest.repos.get({ owner: 'alice', repo: 'demo' })).status).toBe(200);
    sim.faults.inject({ path: /\/issues$/, retryAfter: 7 });
    const error = await kit.rest.issues
      .listForRepo({ owner: 'alice', repo: 'demo' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, response: { headers: { 'retry-after': '7' } } });
    expect((error as { message: string }).message).toContain('You have exceeded a secondary rate limit');
    sim.faults.clear();
  });
});
