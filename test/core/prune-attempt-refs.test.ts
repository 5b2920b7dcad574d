import { describe, expect, it } from '@jest/globals';
import { parseAge, pruneAttemptRefs, type PruneReader } from '../../core/prune-attempt-refs.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const OLD = '2026-11-01T00:00:00Z';
const NEW = '2026-11-20T11:00:00Z';

function reader(refs: Array<{ ref: string; date: string }>, closed: number[], openHeads: string[] = []) {
  const deleted: string[] = [];
  const dates = new Map(refs.map((entry, index) => [`sha${index}`, entry.date]));
  const fake: PruneReader = {
    matching: async (prefix) =>
      refs
        .map((entry, index) => ({ ref: entry.ref, sha: `sha${index}` }))
        .filter((entry) => entry.ref.startsWith(`refs/${prefix}`)),
    closedIssues: async (numbers) => new Set(numbers.filter((number) => closed.includes(number))),
    hasOpenPull: async (branch) => openHeads.includes(branch),
    commitDate: async (sha) => dates.get(sha) ?? NEW,
    delete: async (ref) => {
      deleted.push(ref);
    },
  };
  return { fake, deleted };
}

describe('pruneAttemptRefs', () => {
  it('deletes old branches and claims of closed tasks only', async () => {
    const { fake, deleted } = reader(
      [
        { ref: 'refs/heads/drover/1/attempt-1', date: OLD },
        { ref: 'refs/drover/1/attempt-2', date: OLD },
        { ref: 'refs/heads/drover/2/attempt-1', date: OLD },
        { ref: 'refs/heads/drover/3/attempt-1', date: NEW },
        { ref: 'refs/heads/drover/notes', date: OLD },
        { ref: 'refs/drover/state', date: OLD },
      ],
      [1, 3],
    );
    const result = await pruneAttemptRefs(fake, { olderThanMs: 7 * 86_400_000, now: NOW });
    expect(deleted).toEqual(['refs/heads/drover/1/attempt-1', 'refs/drover/1/attempt-2']);
    expect(result).toEqual({ deleted, kept: 2 });
  });

  it('keeps a branch an open pull request uses, and deletes nothing on a dry run', async () => {
    const { fake, deleted } = reader(
      [
        { ref: 'refs/heads/drover/1/attempt-1', date: OLD },
        { ref: 'refs/heads/drover/1/attempt-2', date: OLD },
      ],
      [1],
      ['drover/1/attempt-2'],
    );
    const dry = await pruneAttemptRefs(fake, { olderThanMs: 86_400_000, now: NOW, dryRun: true });
    expect(dry.deleted).toEqual(['refs/heads/drover/1/attempt-1']);
    expect(deleted).toEqual([]);
  });
});

describe('parseAge', () => {
  it('reads minutes, hours, days and weeks, and nothing else', () => {
    expect(parseAge('45m')).toBe(45 * 60_000);
    expect(parseAge('3d')).toBe(3 * 86_400_000);
    for (const bad of ['', '7', 'd', '-1d', '1.5h', '1y', '0m', '7 d']) expect(parseAge(bad)).toBeNull();
  });
});
