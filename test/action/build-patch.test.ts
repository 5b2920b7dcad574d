import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { patchSchema } from '../../core/attempt-artifact.js';
import { buildPatch, parseRawDiff } from '../../action/build-patch.js';
import { GitClient } from '../../action/git-client.js';
import { runProcess } from '../../action/process-runner.js';
import { commitWork, pathsWithConflictMarkers } from '../../action/workspace.js';

/** git with no user configured anywhere: HOME is empty and system config is off. */
function newRepository(): GitClient {
  const dir = mkdtempSync(join(tmpdir(), 'drover-patch-'));
  const home = mkdtempSync(join(tmpdir(), 'drover-home-'));
  return new GitClient(runProcess, dir, { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home });
}

const write = (git: GitClient, path: string, content: string | Buffer) => {
  mkdirSync(join(git.workspace, path, '..'), { recursive: true });
  writeFileSync(join(git.workspace, path), content);
};
const decode = (base64: string) => Buffer.from(base64, 'base64');

describe('commitWork and buildPatch', () => {
  let git: GitClient;
  let baseSha: string;

  beforeEach(async () => {
    git = newRepository();
    await git.exec(['init', '-q', '-b', 'main']);
    write(git, 'README.md', '# r\n');
    write(git, 'old.txt', 'old\n');
    write(git, 'keep.txt', 'keep\n');
    await git.exec(['add', '-A']);
    await git.exec(['commit', '-q', '-m', 'base']);
    baseSha = await git.headSha();
  });

  test('one commit per call, binary-safe, with modes, symlinks and deletions, and .drover/ left out', async () => {
    const binary = Buffer.from([0, 0xff, 0x10, 0x80, 0x0a]);
    write(git, 'bin/data.bin', binary);
    write(git, 'run.sh', '#!/bin/sh\n');
    chmodSync(join(git.workspace, 'run.sh'), 0o755);
    write(git, 'dir with space/ünïcode.txt', 'x\n');
    write(git, '.drover/outcome.json', '{}');
    const first = await commitWork(git, baseSha, 'First (#2)\n');
    symlinkSync('keep.txt', join(git.workspace, 'link'));
    rmSync(join(git.workspace, 'old.txt'));
    const second = await commitWork(git, first!, 'Second (#3)\n');
    expect(await commitWork(git, second!, 'Nothing')).toBeNull();

    const patch = await buildPatch(git, { mode: 'implement', baseSha, mergeParentSha: null }, [
      { sha: first!, issue: 2 },
      { sha: second!, issue: 3 },
    ]);
    expect(patchSchema.parse(patch)).toEqual(patch);
    const [one, two] = patch.commits;
    expect(one!.message).toBe('First (#2)');
    const byPath = Object.fromEntries(one!.changes.map((change) => [change.path, change]));
    expect(Object.keys(byPath).sort()).toEqual(['bin/data.bin', 'dir with space/ünïcode.txt', 'run.sh']);
    expect(byPath['bin/data.bin']).toMatchObject({ action: 'write', mode: '100644' });
    expect(decode((byPath['bin/data.bin'] as { contentBase64: string }).contentBase64).equals(binary)).toBe(
      true,
    );
    expect(byPath['run.sh']).toMatchObject({ mode: '100755' });
    expect(two!.changes).toEqual(
      expect.arrayContaining([
        {
          action: 'write',
          path: 'link',
          mode: '120000',
          contentBase64: Buffer.from('keep.txt').toString('base64'),
        },
        { action: 'delete', path: 'old.txt' },
      ]),
    );
  });

  test('commits made by the agent itself are folded into one commit on top of the start', async () => {
    write(git, 'a.txt', 'a\n');
    await git.exec(['add', '-A']);
    await git.exec(['commit', '-q', '-m', 'agent commit']);
    write(git, 'b.txt', 'b\n');
    const sha = await commitWork(git, baseSha, 'Task (#5)\n');
    expect(await git.text(['rev-parse', `${sha}^1`])).toBe(baseSha);
    const patch = await buildPatch(git, { mode: 'implement', baseSha, mergeParentSha: null }, [
      { sha: sha!, issue: 5 },
    ]);
    expect(patch.commits[0]!.changes.map((change) => change.path).sort()).toEqual(['a.txt', 'b.txt']);
  });

  test('conflict markers left in a conflicted file are found', async () => {
    write(git, 'keep.txt', '<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n');
    expect(await pathsWithConflictMarkers(git, ['keep.txt', 'README.md', 'gone.txt'])).toEqual(['keep.txt']);
  });

  test('parseRawDiff refuses output it does not understand', () => {
    expect(() => parseRawDiff(Buffer.from('garbage\0path\0'))).toThrow('unexpected git diff-tree output');
  });
});
