/**
 * Every CLI error is exactly one clear line on stderr (and nothing else there), against the
 * simulator: a repository that is not there or not visible, a token GitHub refuses, a refused
 * connection, bad option values, usage errors. `--help` says where the token comes from.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { runDrover } from './run-drover.js';

let sim: Simulator;
let env: Record<string, string>;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({});
  token = sim.createUser('mona').token;
  const stranger = sim.createUser('stranger');
  sim.createRepo('mona', 'plain');
  sim.createRepo('stranger', 'secret', { private: true });
  sim.createRepo('stranger', 'public');
  sim.setPermission('stranger/public', 'mona', 'read');
  env = { GITHUB_TOKEN: token, GITHUB_API_URL: sim.baseUrl };
  expect(stranger.login).toBe('stranger');
});

afterAll(async () => {
  await sim.close();
});

/** The port of a server that was just closed: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function expectOneLine(stderr: string, line: string): void {
  expect(stderr).toBe(`${line}\n`);
}

describe('CLI errors, one line each', () => {
  test('a repository without .github/drover.yml: no request log on stderr', async () => {
    for (const command of [['status'], ['plan'], ['export']]) {
      const result = await runDrover([...command, '--repo', 'mona/plain'], env);
      expect([command[0], result.code, result.stderr]).toEqual([command[0], 0, '']);
    }
  });

  test.each([
    ['status'],
    ['plan'],
    ['export'],
    ['init', '--dir', '/nonexistent-dir'],
    ['import-jsonl', 'examples/demo-backlog.jsonl'],
  ])('%s on a repository that does not exist, or that the token cannot see', async (...command) => {
    for (const repo of ['mona/nope', 'stranger/secret']) {
      const result = await runDrover([...command, '--repo', repo], env);
      expect(result.code).toBe(1);
      expectOneLine(
        result.stderr,
        `drover: repository ${repo} was not found, or is not visible to this token (check --repo and the token's access)`,
      );
    }
  });

  test('a token GitHub refuses', async () => {
    const result = await runDrover(['status', '--repo', 'mona/plain'], { ...env, GITHUB_TOKEN: 'ghp_wrong' });
    expect(result.code).toBe(1);
    expectOneLine(
      result.stderr,
      'drover: GitHub refused the token (401 Bad credentials): check --token, GITHUB_TOKEN or GH_TOKEN',
    );
  });

  test("a write the token may not make: the request and GitHub's message", async () => {
    const result = await runDrover(
      ['import-jsonl', 'examples/demo-backlog.jsonl', '--repo', 'stranger/public'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^drover: GitHub answered 403 to POST \/repos\/stranger\/public\/labels: .+ \(does the token have the permission this needs\?\)\n$/,
    );
  });

  test('a refused connection is a network failure naming the host, not "GitHub answered 500"', async () => {
    const port = await closedPort();
    const result = await runDrover(
      ['status', '--repo', 'mona/plain', '--api-url', `http://127.0.0.1:${port}`],
      env,
    );
    expect(result.code).toBe(1);
    expectOneLine(
      result.stderr,
      `drover: network failure: cannot reach 127.0.0.1:${port}: connection refused (is the server running on that port?); check --api-url (or GITHUB_API_URL)`,
    );
  });

  test.each([
    [
      ['--api-url', '127.0.0.1:1234'],
      {},
      'drover: --api-url "127.0.0.1:1234" needs a scheme, e.g. http://127.0.0.1:1234',
    ],
    [
      ['--api-url', 'localhost:3000'],
      {},
      'drover: --api-url "localhost:3000" needs a scheme, e.g. http://localhost:3000',
    ],
    [
      ['--api-url', 'ghes.example.com/api/v3'],
      {},
      'drover: --api-url "ghes.example.com/api/v3" needs a scheme, e.g. https://ghes.example.com/api/v3',
    ],
    [
      ['--api-url', 'ftp://example.com'],
      {},
      'drover: --api-url "ftp://example.com" is not an http(s) URL (e.g. https://api.github.com or https://HOST/api/v3)',
    ],
    [
      [],
      { GITHUB_API_URL: '127.0.0.1:9' },
      'drover: GITHUB_API_URL "127.0.0.1:9" needs a scheme, e.g. http://127.0.0.1:9',
    ],
    [['--token', ''], {}, 'drover: --token is empty'],
    [['--repo', 'just-a-name'], {}, 'drover: --repo "just-a-name" is not of the form owner/name'],
  ])('a bad value is named with its option: %j %j', async (args, extraEnv, line) => {
    const result = await runDrover(['status', '--repo', 'mona/plain', ...args], { ...env, ...extraEnv });
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, line);
  });

  test.each([
    [['status', '--bogus'], "drover: unknown option '--bogus' (add --help for usage)"],
    [
      ['plan', '--workers', '0'],
      "drover: option '--workers <n>' argument '0' is invalid. --workers must be a whole number from 1 to 64 (add --help for usage)",
    ],
    [['frobnicate'], "drover: unknown command 'frobnicate' (add --help for usage)"],
    [['import-jsonl'], "drover: missing required argument 'file' (add --help for usage)"],
  ])('usage errors are one line too: %j', async (args, line) => {
    const result = await runDrover([...args, '--repo', 'mona/plain'], env);
    expect(result.code).not.toBe(0);
    expectOneLine(result.stderr, line);
  });

  test('--token is accepted, and --help says where the token comes from', async () => {
    const result = await runDrover(
      ['status', '--repo', 'mona/plain', '--token', token, '--api-url', sim.baseUrl],
      {
        PATH: '/nonexistent',
      },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);

    const help = await runDrover(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--token <token>');
    for (const source of ['$GITHUB_TOKEN', '$GH_TOKEN', '`gh auth token`', '$GITHUB_API_URL'])
      expect(help.stdout).toContain(source);
  });
});
