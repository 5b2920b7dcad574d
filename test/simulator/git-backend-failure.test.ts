import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { parseCgi } from '../../simulator/git/http-backend.js';
import { cloneRepo } from './git-client.js';

/**
 * `git http-backend` stops reading its input when the request is malformed; the simulator used to
 * write the rest of the body into a closed pipe with no error listener, and the EPIPE killed the
 * whole process (here: the jest worker). Far more than a pipe buffer of garbage makes it certain.
 */
describe('simulator: git smart HTTP survives a backend that exits early', () => {
  let sim: Simulator;
  let token: string;
  const logs: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ log: (message) => logs.push(message) });
    token = sim.createUser('alice').token;
    sim.createRepo('alice', 'demo', { files: { 'README.md': '# demo\n' } });
  });
  afterAll(async () => {
    await sim.close();
  });

  const post = (service: string, body: Buffer) =>
    fetch(`${sim.baseUrl}/alice/demo.git/${service}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
        'content-type': `application/x-${service}-request`,
      },
      body,
    });

  it('answers every garbage request over HTTP and keeps serving real clones', async () => {
    const garbage = Buffer.alloc(8 * 1024 * 1024, 'z');
    for (const service of ['git-upload-pack', 'git-receive-pack', 'git-upload-pack']) {
      const response = await post(service, garbage);
      await response.arrayBuffer();
      expect(response.status).toBeGreaterThanOrEqual(200);
    }
    const client = await cloneRepo(sim.host.cloneUrl('alice', 'demo'), token);
    try {
      expect(await client.git('log', '--format=%s', '-1')).toMatch(/\S/);
    } finally {
      rmSync(path.dirname(client.dir), { recursive: true, force: true });
    }
  });

  it('answers 500 (and logs why) when the backend cannot run at all', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent'; // the backend's environment takes PATH from here
    let response: Response;
    try {
      response = await post('git-upload-pack', Buffer.from('0000'));
    } finally {
      process.env.PATH = saved;
    }
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
    expect(logs.some((line) => line.includes('git http-backend could not start'))).toBe(true);
  });
});

describe('runHttpBackend', () => {
  it('parses a CGI answer and refuses output without a head', () => {
    expect(parseCgi(Buffer.from('Status: 404 Not Found\r\nX-A: b\r\n\r\nbody'))).toEqual({
      status: 404,
      headers: { 'x-a': 'b' },
      body: Buffer.from('body'),
    });
    expect(parseCgi(Buffer.from('fatal: no head'))).toBeUndefined();
  });
});
