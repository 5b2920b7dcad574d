import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { installActions, TWIRP_PREFIX, type ActionsModule } from '../../../simulator/actions/index.js';
import { RuntimeTokens } from '../../../simulator/actions/runtime-token.js';
import { FakeHost } from './fake-host.js';

describe('the artifact service refuses callers without a valid runtime token', () => {
  let host: FakeHost;
  let actions: ActionsModule;

  beforeAll(async () => {
    host = await FakeHost.start();
    actions = installActions(host, {});
  });

  afterAll(async () => {
    await actions.close();
    await host.close();
  });

  const createArtifact = (authorization?: string) =>
    fetch(`${host.baseUrl}${TWIRP_PREFIX}/CreateArtifact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        workflow_run_backend_id: 'run',
        workflow_job_run_backend_id: 'job',
        name: 'x',
        version: 7,
      }),
    });

  test('no token is unauthenticated, in Twirp error form', async () => {
    const response = await createArtifact();
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  test('a token signed by someone else is unauthenticated', async () => {
    const forged = new RuntimeTokens().mint(
      { runBackendId: 'run', jobBackendId: 'job' },
      600,
      Math.floor(Date.now() / 1000),
    );
    expect((await createArtifact(`Bearer ${forged}`)).status).toBe(401);
  });

  test('a blob URL without a valid signature is refused', async () => {
    const response = await fetch(
      `${host.baseUrl}/_sim/artifacts/blobs/1?sp=w&se=2999-01-01T00:00:00.000Z&sig=forged`,
      { method: 'PUT', body: 'x' },
    );
    expect(response.status).toBe(403);
  });

  test('RuntimeTokens verifies its own tokens and honours expiry and revocation', () => {
    const tokens = new RuntimeTokens();
    const now = 1_700_000_000;
    const token = tokens.mint({ runBackendId: 'r', jobBackendId: 'j' }, 60, now);
    expect(tokens.verify(token, now)).toEqual({ runBackendId: 'r', jobBackendId: 'j' });
    expect(tokens.verify(token, now + 61)).toBeNull();
    tokens.revoke(token);
    expect(tokens.verify(token, now)).toBeNull();
  });
});
