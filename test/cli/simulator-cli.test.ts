/**
 * The simulator's own command line (`npm run simulator -- …`): repositories with files from a
 * folder and a default branch, users with a permission on a repository, the app installed,
 * and the tokens and URLs printed; each bad flag refused with its name.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { applySetup, type SetupSummary } from '../../simulator/cli/apply-setup.js';
import { parseSimulatorArgs, type SimulatorSetup } from '../../simulator/cli/simulator-args.js';

let scratch: string;
let folder: string;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'drover-sim-cli-'));
  folder = join(scratch, 'project');
  mkdirSync(join(folder, 'src'), { recursive: true });
  mkdirSync(join(folder, '.git-not-really'), { recursive: true });
  writeFileSync(join(folder, 'README.md'), '# shop\n');
  writeFileSync(join(folder, 'src', 'index.js'), 'export const answer = 42;\n');
  writeFileSync(join(folder, 'logo.png'), PNG);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function setupOf(argv: string[]): SimulatorSetup {
  const setup = parseSimulatorArgs(argv);
  if (setup === 'help') throw new Error('help');
  return setup;
}

describe('parsing the flags', () => {
  test('options after a --repo describe that repository', () => {
    const setup = setupOf([
      '--user',
      'carol',
      '--repo',
      'alice/shop',
      '--files',
      '/tmp/x',
      '--default-branch',
      'trunk',
      '--private',
      '--collaborator',
      'bob:write',
      '--collaborator',
      'carol:triage',
      '--repo',
      'alice/docs',
      '--no-app',
      '--port',
      '3000',
    ]);
    expect(setup).toEqual({
      port: 3000,
      webhookUrl: null,
      webhookSecret: null,
      json: false,
      users: ['carol'],
      repos: [
        {
          owner: 'alice',
          name: 'shop',
          filesDir: '/tmp/x',
          defaultBranch: 'trunk',
          private: true,
          collaborators: [
            { login: 'bob', role: 'write' },
            { login: 'carol', role: 'triage' },
          ],
          installApp: true,
        },
        {
          owner: 'alice',
          name: 'docs',
          filesDir: null,
          defaultBranch: null,
          private: false,
          collaborators: [],
          installApp: false,
        },
      ],
    });
  });

  test('without --repo: octo/demo as before, and the old --owner/--repo NAME form', () => {
    expect(setupOf([]).repos.map((repo) => `${repo.owner}/${repo.name}`)).toEqual(['octo/demo']);
    expect(
      setupOf(['--owner', 'alice', '--repo', 'demo']).repos.map((repo) => `${repo.owner}/${repo.name}`),
    ).toEqual(['alice/demo']);
    expect(parseSimulatorArgs(['--help'])).toBe('help');
  });

  test.each([
    [['--private', '--repo', 'a/b'], '--private applies to a repository: put it after its --repo'],
    [
      ['--repo', 'a/b', '--collaborator', 'bob:owner'],
      '--collaborator "bob:owner" must be LOGIN:PERMISSION, the permission one of read, triage, write, maintain, admin',
    ],
    [
      ['--repo', 'a/b', '--collaborator', 'bob'],
      '--collaborator "bob" must be LOGIN:PERMISSION, the permission one of read, triage, write, maintain, admin',
    ],
    [['--repo', 'a/b/c'], '--repo "a/b/c" is not of the form OWNER/NAME'],
    [['--repo', 'a/b', '--repo', 'A/b'], '--repo A/b is given twice'],
    [
      ['--user', 'bad_login'],
      '--user: "bad_login" is not a GitHub login (letters, digits and single hyphens)',
    ],
    [
      ['--repo', 'a/b', '--default-branch', 'no..dots'],
      '--default-branch "no..dots" is not a valid branch name',
    ],
    [['--port', '70000'], '--port must be 0-65535, got "70000"'],
    [
      ['--webhook-url', 'localhost:3000'],
      '--webhook-url "localhost:3000" is not an http(s) URL (e.g. http://127.0.0.1:3000/api/github/webhooks)',
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(message);
  });
});

describe('applying them to a simulator', () => {
  let sim: Simulator;
  let summary: SetupSummary;

  beforeAll(async () => {
    sim = await startSimulator({});
    summary = await applySetup(
      sim,
      setupOf([
        '--user',
        'carol',
        '--repo',
        'alice/shop',
        '--files',
        folder,
        '--default-branch',
        'trunk',
        '--private',
        '--collaborator',
        'bob:write',
        '--repo',
        'alice/docs',
        '--no-app',
      ]),
    );
  });

  afterAll(async () => {
    await sim.close();
  });

  const client = (login: string) =>
    new Octokit({
      baseUrl: sim.baseUrl,
      auth: summary.users.find((user) => user.login === login)?.token,
      // The 404 below is expected: no request log for it.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });

  test('users with tokens; the repository with its files, default branch and visibility', async () => {
    expect(summary.users.map((user) => user.login)).toEqual(['carol', 'alice', 'bob']);
    const alice = client('alice');
    const { data: repo } = await alice.rest.repos.get({ owner: 'alice', repo: 'shop' });
    expect([repo.default_branch, repo.private]).toEqual(['trunk', true]);
    const { data: logo } = await alice.rest.repos.getContent({
      owner: 'alice',
      repo: 'shop',
      path: 'logo.png',
    });
    expect('content' in logo && Buffer.from(logo.content, 'base64')).toEqual(PNG);
    const { data: index } = await alice.rest.repos.getContent({
      owner: 'alice',
      repo: 'shop',
      path: 'src/index.js',
    });
    expect('content' in index && Buffer.from(index.content, 'base64').toString('utf8')).toBe(
      'export const answer = 42;\n',
    );
    expect(summary.repos[0]).toMatchObject({
      fullName: 'alice/shop',
      files: 3,
      defaultBranch: 'trunk',
      private: true,
    });
  });

  test('each person has the permission given, and no more', async () => {
    const { data: bob } = await client('alice').rest.repos.getCollaboratorPermissionLevel({
      owner: 'alice',
      repo: 'shop',
      username: 'bob',
    });
    expect(bob.permission).toBe('write');
    // carol has no role on the private repository: it does not exist for her.
    await expect(client('carol').rest.repos.get({ owner: 'alice', repo: 'shop' })).rejects.toMatchObject({
      status: 404,
    });
  });

  test('the app is installed where asked, with a working token', async () => {
    const shop = summary.repos.find((repo) => repo.fullName === 'alice/shop');
    expect(summary.repos.find((repo) => repo.fullName === 'alice/docs')?.installation).toBeNull();
    const app = new Octokit({ baseUrl: sim.baseUrl, auth: shop?.installation?.token });
    const { data } = await app.rest.apps.listReposAccessibleToInstallation();
    expect(data.repositories.map((repo) => repo.full_name)).toEqual(['alice/shop']);
  });
});

describe('npm run simulator', () => {
  test('prints one JSON object with what it made, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'simulator/main.ts',
        '--json',
        '--repo',
        'alice/shop',
        '--collaborator',
        'bob:read',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const printed = new Promise<SetupSummary>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.endsWith('\n')) resolve(JSON.parse(stdout) as SetupSummary);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const summary = await printed;
      expect(summary.users.map((user) => user.login)).toEqual(['alice', 'bob']);
      const bob = new Octokit({ baseUrl: summary.urls.rest, auth: summary.users[1]?.token });
      const { data } = await bob.rest.repos.get({ owner: 'alice', repo: 'shop' });
      expect(data.permissions).toMatchObject({ pull: true, push: false });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  test('a bad flag is one line on stderr', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/main.ts', '--files', 'x'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('simulator: --files applies to a repository: put it after its --repo\n');
  });
});
