/**
 * `POST /git/trees` refuses what GitHub refuses (through the real @octokit/rest client): every
 * spelling of a malformed path (empty segments, `.`/`..`, absolute, `.git` and its HFS/NTFS
 * look-alikes, control characters, backslashes), modes other than git's five or that do not go
 * with the type, a path that is both a file and a directory, and deletions of absent paths.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { octokitFor } from './sim-helpers.js';

const repo = { owner: 'alice', repo: 'trees' };

let sim: Simulator;
let app: Octokit;
let baseTree: string;

type Entry = { path: string; mode: string; type: string; content?: string; sha?: string | null };

async function refusal(tree: Entry[], base: string | undefined = baseTree) {
  try {
    await app.request('POST /repos/{owner}/{repo}/git/trees', {
      ...repo,
      ...(base && { base_tree: base }),
      // Deliberately outside the request type: the point is what the server refuses.
      tree: tree as never,
    });
  } catch (error) {
    const failed = error as { status: number; response?: { data?: { message?: string } } };
    return { status: failed.status, message: failed.response?.data?.message ?? '' };
  }
  throw new Error('the tree was created');
}

const file = (path: string, mode = '100644'): Entry => ({ path, mode, type: 'blob', content: 'x\n' });

beforeAll(async () => {
  sim = await startSimulator();
  sim.createUser('alice');
  sim.createRepo('alice', 'trees', { files: { 'README.md': '# trees\n', 'dir/a.txt': 'a\n' } });
  app = octokitFor(sim, await sim.installationToken(sim.installApp('alice/trees')));
  const main = (await app.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
  baseTree = (await app.rest.git.getCommit({ ...repo, commit_sha: main })).data.tree.sha;
});

afterAll(async () => {
  await sim.close();
});

describe('tree entry paths', () => {
  it.each([
    '',
    '/etc/passwd',
    'a//b',
    'dir/',
    './a',
    'a/./b',
    '../outside',
    'dir/../../outside',
    '.git/config',
    'sub/.git/hooks/post-checkout',
    '.GIT/config',
    '.gIt',
    '.g\u200cit/config',
    '.gi\u200dt/config',
    '\ufeff.git/config',
    '.git\u200e/config',
    '.git /config',
    '.git./config',
    '.git.. ./config',
    'git~1/config',
    'GIT~1',
    '.git::$INDEX_ALLOCATION/config',
    'dir\\file',
    'a\nb',
    'a\rb',
    'a\tb',
    'a\u0000b',
    'a\u001bb',
    'a\u007fb',
  ])('refuses %j with 422 "tree.path contains a malformed path component"', async (path) => {
    expect(await refusal([file(path)])).toEqual({
      status: 422,
      message: 'tree.path contains a malformed path component',
    });
  });

  it('refuses a .gitmodules symlink but not a .gitmodules file; accepts near misses', async () => {
    expect(await refusal([file('sub/.gitmodules', '120000')])).toEqual({
      status: 422,
      message: 'tree.path contains a malformed path component',
    });
    const { data } = await app.rest.git.createTree({
      ...repo,
      tree: ['.gitmodules', '.gitignore', '.github/x.yml', '.gitx/y', 'git~2', 'x.git', '...', 'über'].map(
        (path) => ({
          path,
          mode: '100644' as const,
          type: 'blob' as const,
          content: 'ok\n',
        }),
      ),
    });
    const { data: listed } = await app.rest.git.getTree({ ...repo, tree_sha: data.sha, recursive: 'true' });
    expect(listed.tree.filter((e) => e.type === 'blob').map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '.gitmodules',
        '.gitignore',
        '.github/x.yml',
        '.gitx/y',
        'git~2',
        'x.git',
        '...',
        'über',
      ]),
    );
  });

  it('writes no extra entry for a path with a newline, whatever follows it', async () => {
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: 'payload' });
    const smuggled = `innocent.txt\n100644 blob ${blob.sha}\t.github/workflows/evil.yml`;
    expect((await refusal([file(smuggled)])).status).toBe(422);
  });
});

describe('tree entry modes, types and shapes', () => {
  it.each(['100600', '100664', '100775', '040755', '000000', '644', 'tree'])(
    'refuses mode %s',
    async (mode) => {
      expect((await refusal([file('x.txt', mode)])).status).toBe(422);
    },
  );

  it('refuses a mode with the wrong type, content and sha together, and neither', async () => {
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: 'b' });
    expect((await refusal([{ path: 'x', mode: '040000', type: 'blob', content: 'x' }])).status).toBe(422);
    expect((await refusal([{ path: 'x', mode: '100644', type: 'tree', sha: baseTree }])).status).toBe(422);
    expect((await refusal([{ path: 'x', mode: '160000', type: 'blob', sha: blob.sha }])).status).toBe(422);
    expect(
      (await refusal([{ path: 'x', mode: '100644', type: 'blob', sha: blob.sha, content: 'y' }])).status,
    ).toBe(422);
    expect((await refusal([{ path: 'x', mode: '100644', type: 'blob' }])).status).toBe(422);
    expect((await refusal([{ path: 'x', mode: '100644', type: 'blob', sha: baseTree }])).status).toBe(422);
  });

  it('accepts each of git five modes with its type', async () => {
    const { data: blob } = await app.rest.git.createBlob({ ...repo, content: '#!/bin/sh\n' });
    const { data } = await app.rest.git.createTree({
      ...repo,
      tree: [
        { path: 'file', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'exec', mode: '100755', type: 'blob', sha: blob.sha },
        { path: 'link', mode: '120000', type: 'blob', content: 'file' },
        { path: 'dir', mode: '040000', type: 'tree', sha: baseTree },
        { path: 'module', mode: '160000', type: 'commit', sha: 'a'.repeat(40) },
      ],
    });
    const modes = Object.fromEntries(data.tree.map((e) => [e.path, e.mode]));
    expect(modes).toEqual({
      file: '100644',
      exec: '100755',
      link: '120000',
      dir: '040000',
      module: '160000',
    });
  });

  it('refuses a path that is both a file and a directory, or given twice (GitRPC::BadObjectState)', async () => {
    const badState = { status: 422, message: 'GitRPC::BadObjectState' };
    expect(await refusal([file('a'), file('a/b')])).toEqual(badState);
    expect(await refusal([file('x/y/z'), file('x/y')])).toEqual(badState);
    expect(await refusal([file('same'), file('same')])).toEqual(badState);
  });

  it('reads paths literally: `*` and `dir/*` name entries, never every file', async () => {
    expect(await refusal([{ path: '*', mode: '100644', type: 'blob', sha: null }])).toEqual({
      status: 422,
      message: 'GitRPC::BadObjectState',
    });
    const { data } = await app.rest.git.createTree({
      ...repo,
      base_tree: baseTree,
      tree: [
        { path: '*', mode: '100644', type: 'blob', content: 'star\n' },
        { path: 'dir/*', mode: '100644', type: 'blob', content: 'star\n' },
      ],
    });
    const { data: listed } = await app.rest.git.getTree({ ...repo, tree_sha: data.sha, recursive: 'true' });
    expect(listed.tree.filter((e) => e.type === 'blob').map((e) => e.path)).toEqual([
      '*',
      'README.md',
      'dir/*',
      'dir/a.txt',
    ]);
  });

  it('deletes only paths the base tree has (GitRPC::BadObjectState otherwise), files or directories', async () => {
    const absent: Entry = { path: 'nope.txt', mode: '100644', type: 'blob', sha: null };
    expect(await refusal([absent])).toEqual({ status: 422, message: 'GitRPC::BadObjectState' });
    expect(await refusal([{ ...absent, path: 'dir/nope.txt' }])).toEqual({
      status: 422,
      message: 'GitRPC::BadObjectState',
    });
    const { data } = await app.rest.git.createTree({
      ...repo,
      base_tree: baseTree,
      tree: [{ path: 'dir/a.txt', mode: '100644', type: 'blob', sha: null }],
    });
    expect(data.tree.map((e) => e.path)).toEqual(['README.md']);
  });
});
