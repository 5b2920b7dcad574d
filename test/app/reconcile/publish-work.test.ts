/**
 * Publishing an attempt's commits: a chain of `createCommitOnBranch` calls (one write per commit)
 * where every commit is regular files, the Git Data API otherwise; and, after a crash or a lost
 * answer left part of the chain on the branch, going on from the first commit not yet there.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { silentLogger, type ApplyContext } from '../../../app/reconcile/apply/apply-context.js';
import { publishWork } from '../../../app/reconcile/apply/publish-work.js';
import { RepoSession, type PassFacts } from '../../../app/reconcile/repo-session.js';
import type { CommitInfo, CommitToWrite } from '../../../core/gateway/commits.js';
import { GitHubError } from '../../../core/gateway/github-error.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { PublishAction } from '../../../core/plan/actions.js';

const BASE = 'base000';

function commit(n: number, attempt = 2, mode: '100644' | '100755' = '100644'): CommitToWrite {
  return {
    message: `Part ${n}\n\nDrover-Task: 10\nDrover-Attempt: ${attempt}\nDrover-Agent: demo\n`,
    files: [{ path: `src/part-${n}.js`, mode, contentBase64: Buffer.from(`part ${n}`).toString('base64') }],
  };
}

function action(commits: CommitToWrite[]): PublishAction {
  return {
    kind: 'publish',
    task: 10,
    attempt: 2,
    branch: 'drover/10/attempt-2',
    expectedHead: BASE,
    commits,
    partial: false,
  };
}

const lostAnswer = () =>
  new GitHubError({
    kind: 'server',
    status: 502,
    request: 'POST /graphql',
    detail: 'Bad Gateway',
    performed: 'unknown',
  });

/**
 * A branch on a GitHub that compares and swaps: `createCommitOnBranch` succeeds only from the
 * expected head. `performThenFail` lists the calls (1-based) GitHub performs and then answers 502.
 */
function world(options: { performThenFail?: number[]; branchHead?: string } = {}) {
  const commits = new Map<string, CommitInfo>();
  let head = options.branchHead ?? BASE;
  let calls = 0;
  const commitOnBranch = jest.fn(async (_branch: string, expected: string, toWrite: CommitToWrite) => {
    calls += 1;
    if (expected !== head) return { kind: 'head-moved' as const };
    const sha = `c${calls}`;
    commits.set(sha, { sha, message: toWrite.message, treeSha: `t${calls}`, parents: [head] });
    head = sha;
    if (options.performThenFail?.includes(calls)) throw lostAnswer();
    return { kind: 'committed' as const, sha };
  });
  const writeCommits = jest.fn(async (base: string, list: CommitToWrite[]) => {
    let at = base;
    for (const toWrite of list) {
      const sha = `g${commits.size + 1}`;
      commits.set(sha, { sha, message: toWrite.message, treeSha: 't', parents: [at] });
      at = sha;
    }
    return at;
  });
  const update = jest.fn(async (_ref: string, sha: string, _options?: { force: boolean }) => {
    head = sha;
    return 'updated' as const;
  });
  const gateway = {
    commits: {
      commitOnBranch,
      writeCommits,
      get: async (sha: string) => {
        const found = commits.get(sha);
        if (found === undefined) throw new Error(`no commit ${sha}`);
        return found;
      },
    },
    refs: { get: async () => head, update },
  } as unknown as RepoGateway;
  const context: ApplyContext = {
    gateway,
    session: new RepoSession('o/r'),
    facts: {} as PassFacts,
    now: () => new Date(),
    log: silentLogger,
  };
  const messagesOnBranch = (): string[] => {
    const found: string[] = [];
    for (let at = head; at !== BASE;) {
      const info = commits.get(at);
      if (info === undefined) throw new Error(`the branch leads to ${at}, not to the base`);
      found.unshift(info.message.split('\n')[0] ?? '');
      at = info.parents[0] ?? BASE;
    }
    return found;
  };
  return { context, commitOnBranch, writeCommits, update, messagesOnBranch, commits, head: () => head };
}

describe('publishing an attempt', () => {
  test('several commits of regular files: one createCommitOnBranch each, each expecting the one before', async () => {
    const { context, commitOnBranch, writeCommits, messagesOnBranch } = world();
    await expect(publishWork(context, action([commit(1), commit(2), commit(3)]))).resolves.toBe(
      'published c3 on drover/10/attempt-2',
    );
    expect(commitOnBranch.mock.calls.map(([, expected]) => expected)).toEqual([BASE, 'c1', 'c2']);
    expect(writeCommits).not.toHaveBeenCalled();
    expect(messagesOnBranch()).toEqual(['Part 1', 'Part 2', 'Part 3']);
    expect(context.session.publishedPaths.get(10)).toEqual(
      new Set(['src/part-1.js', 'src/part-2.js', 'src/part-3.js']),
    );
  });

  test('the answer to the second commit was lost: the next try finds two published and writes only the third', async () => {
    const { context, commitOnBranch, messagesOnBranch } = world({ performThenFail: [2] });
    const chain = action([commit(1), commit(2), commit(3)]);
    await expect(publishWork(context, chain)).rejects.toThrow('502');
    expect(messagesOnBranch()).toEqual(['Part 1', 'Part 2']);
    await expect(publishWork(context, chain)).resolves.toBe('published c4 on drover/10/attempt-2');
    // The retry's first call is refused (the branch moved); the branch is read; the third follows.
    expect(commitOnBranch.mock.calls.map(([, expected]) => expected)).toEqual([BASE, 'c1', BASE, 'c2']);
    expect(messagesOnBranch()).toEqual(['Part 1', 'Part 2', 'Part 3']);
  });

  test('the whole chain was published before a crash: found on the branch, nothing written again', async () => {
    const { context, commitOnBranch, messagesOnBranch } = world({ performThenFail: [3] });
    const chain = action([commit(1), commit(2), commit(3)]);
    await expect(publishWork(context, chain)).rejects.toThrow('502');
    await expect(publishWork(context, chain)).resolves.toBe('published c3 on drover/10/attempt-2');
    expect(commitOnBranch).toHaveBeenCalledTimes(4);
    expect(messagesOnBranch()).toEqual(['Part 1', 'Part 2', 'Part 3']);
  });

  test("someone else's commit on the branch: nothing is written on top of it", async () => {
    const { context, commits, commitOnBranch } = world({ branchHead: 'x1' });
    commits.set('x1', { sha: 'x1', message: 'A person pushed this', treeSha: 't', parents: [BASE] });
    await expect(publishWork(context, action([commit(1), commit(2)]))).rejects.toThrow(
      "does not hold Drover's commits",
    );
    expect(commitOnBranch).toHaveBeenCalledTimes(1);
  });

  test("another attempt's commits are not this attempt's", async () => {
    const { context, commits } = world({ branchHead: 'o1' });
    commits.set('o1', { sha: 'o1', message: commit(1, 1).message, treeSha: 't', parents: [BASE] });
    await expect(publishWork(context, action([commit(1), commit(2)]))).rejects.toThrow('not written');
  });

  test('more of our commits on the branch than the patch has: not ours to continue', async () => {
    const { context, commits } = world({ branchHead: 'e2' });
    commits.set('e1', { sha: 'e1', message: commit(1).message, treeSha: 't', parents: [BASE] });
    commits.set('e2', { sha: 'e2', message: commit(2).message, treeSha: 't', parents: ['e1'] });
    await expect(publishWork(context, action([commit(1)]))).rejects.toThrow('not written');
  });

  test('a commit createCommitOnBranch cannot express (an executable) sends the patch through Git Data', async () => {
    const { context, commitOnBranch, writeCommits, update } = world();
    await expect(publishWork(context, action([commit(1), commit(2, 2, '100755')]))).resolves.toBe(
      'published g2 on drover/10/attempt-2',
    );
    expect(commitOnBranch).not.toHaveBeenCalled();
    expect(writeCommits).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith('refs/heads/drover/10/attempt-2', 'g2', { force: false });
  });
});
