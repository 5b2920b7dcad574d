/**
 * The control record's compare-and-swap meets server faults: a 5xx on the ref write (performed
 * or not) is tried again, so one fault never loses the command that changed the record.
 */
import { describe, expect, test } from '@jest/globals';
import { COMMANDS_KEPT, CONTROL_REF, type ControlRecord } from '../../../core/control-record.js';
import { GitHubError } from '../../../core/gateway/github-error.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import { changeControl } from '../../../app/reconcile/control-store.js';
import { RepoSession } from '../../../app/reconcile/repo-session.js';

/** Refs and commits in memory; `faults` answers the next ref writes 502, after (or without) performing them. */
function gitWithFaults(faults: Array<'performed' | 'not performed'>) {
  const refs = new Map<string, string>();
  const messages = new Map<string, string>();
  let commits = 0;
  const fault = () =>
    new GitHubError({
      kind: 'server',
      status: 502,
      request: `POST /repos/o/r/git/refs`,
      detail: 'Server Error',
      performed: 'unknown',
    });
  const write = (apply: () => void) => {
    const next = faults.shift();
    if (next !== 'not performed') apply();
    if (next !== undefined) throw fault();
  };
  const gateway = {
    repository: {
      settings: async () => ({ defaultBranch: 'main' }),
      branchHead: async () => 'base',
    },
    commits: {
      get: async (sha: string) => ({ sha, message: messages.get(sha) ?? '', treeSha: 'tree' }),
      createCommit: async (message: string) => {
        const sha = `c${++commits}`;
        messages.set(sha, message);
        return sha;
      },
    },
    refs: {
      get: async (ref: string) => refs.get(ref) ?? null,
      create: async (ref: string, sha: string) => {
        if (refs.has(ref)) return 'exists' as const;
        write(() => refs.set(ref, sha));
        return 'created' as const;
      },
      update: async (ref: string, sha: string) => {
        write(() => refs.set(ref, sha));
        return 'updated' as const;
      },
    },
  } as unknown as RepoGateway;
  const record = (): ControlRecord | null => {
    const sha = refs.get(CONTROL_REF);
    return sha === undefined ? null : (JSON.parse(messages.get(sha) ?? 'null') as ControlRecord);
  };
  return { gateway, record, faults };
}

const addRun = (record: ControlRecord): ControlRecord => ({
  ...record,
  run: {
    id: 'run-1',
    epic: null,
    workers: 3,
    budgetUsd: null,
    paused: false,
    cancelled: false,
    startedBy: 'owner',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
  },
});

describe('changeControl under server faults', () => {
  test.each([['not performed'], ['performed']] as const)(
    'a 502 on creating the record (%s) is tried again: the change is recorded',
    async (kind) => {
      const git = gitWithFaults([kind]);
      const result = await changeControl(git.gateway, new RepoSession('o/r'), addRun);
      expect(result.run?.id).toBe('run-1');
      expect(git.record()?.run?.id).toBe('run-1');
    },
  );

  test('a 502 on moving the record (not performed, then performed) is tried again', async () => {
    const git = gitWithFaults([]);
    await changeControl(git.gateway, new RepoSession('o/r'), (record) => ({ ...record, run: null }));
    git.faults.push('not performed', 'performed');
    const result = await changeControl(git.gateway, new RepoSession('o/r'), addRun);
    expect(result.run?.id).toBe('run-1');
    expect(git.record()?.run?.id).toBe('run-1');
  });

  test('faults on every try still fail, with the fault', async () => {
    const git = gitWithFaults([
      'not performed',
      'not performed',
      'not performed',
      'not performed',
      'not performed',
    ]);
    await expect(changeControl(git.gateway, new RepoSession('o/r'), addRun)).rejects.toThrow('502');
    expect(git.record()).toBeNull();
  });

  test('a refusal that is not a fault is not tried again', async () => {
    const git = gitWithFaults([]);
    git.gateway.refs.create = async () => {
      throw new GitHubError({
        kind: 'forbidden',
        status: 403,
        request: 'POST x',
        detail: 'no',
        performed: 'no',
      });
    };
    await expect(changeControl(git.gateway, new RepoSession('o/r'), addRun)).rejects.toThrow('403');
  });
});

describe("changeControl for a command: applied once, by the command's comment id", () => {
  test('the record notes the comment; the same command again changes nothing and writes nothing', async () => {
    const git = gitWithFaults([]);
    const session = new RepoSession('o/r');
    const pause = (record: ControlRecord): ControlRecord =>
      record.run === null ? record : { ...record, run: { ...record.run, paused: !record.run.paused } };
    await changeControl(git.gateway, session, addRun);
    const first = await changeControl(git.gateway, session, pause, { command: 77 });
    expect(first.run?.paused).toBe(true);
    expect(git.record()?.commands).toEqual([77]);
    const head = await git.gateway.refs.get(CONTROL_REF);
    // Taken up again after its controller died: a toggle applied twice would undo it.
    const again = await changeControl(git.gateway, session, pause, { command: 77 });
    expect(again.run?.paused).toBe(true);
    expect(await git.gateway.refs.get(CONTROL_REF)).toBe(head);
  });

  test('a change that leaves the record as it is notes nothing', async () => {
    const git = gitWithFaults([]);
    await changeControl(git.gateway, new RepoSession('o/r'), addRun);
    await changeControl(git.gateway, new RepoSession('o/r'), () => null, { command: 5 });
    expect(git.record()?.commands).toBeUndefined();
  });

  test('only the latest COMMANDS_KEPT comments are remembered', async () => {
    const git = gitWithFaults([]);
    const session = new RepoSession('o/r');
    const ids = Array.from({ length: COMMANDS_KEPT + 2 }, (_, index) => index + 1);
    await changeControl(git.gateway, session, (record) => ({
      ...addRun(record),
      commands: ids.slice(0, -1),
    }));
    await changeControl(git.gateway, session, (record) => ({ ...record, overrides: {} }), { command: 999 });
    const kept = git.record()?.commands ?? [];
    expect(kept).toHaveLength(COMMANDS_KEPT);
    expect(kept).toEqual([...ids.slice(0, -1), 999].slice(-COMMANDS_KEPT));
  });
});
