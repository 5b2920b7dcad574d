/**
 * Class 7 of issue #10, end to end: one bad artifact must not stall the repository. A zip bomb
 * (600 MiB inflated), a damaged zip, a summary of 60,000 characters, a cost of 1e308, an outcome
 * that is not JSON: each task settles with a reason (or, for the long summary, merges with the
 * summary cut), and the healthy task beside them merges in the same run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deflateRawSync } from 'node:zlib';
import {
  defaultBranchUntouched,
  nothingWrittenFor,
  runHostile,
  toldAbout,
  type HostileCase,
  type HostileRun,
} from './hostile-world.js';
import { zipBomb } from './zip-bomb.js';

/** A zip whose outcome.json holds `text` (stored by deflate, headers honest). */
function zipOf(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = deflateRawSync(Buffer.from(text));
    const size = Buffer.byteLength(text);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    const local = Buffer.concat([header, Buffer.from(name), data]);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([entry, Buffer.from(name)]));
    parts.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const failing: Array<HostileCase & { told: string }> = [
  { name: 'a zip bomb of 600 MiB', zip: zipBomb(600), told: 'The attempt artifact inflates to more than' },
  {
    name: 'a damaged zip',
    zip: Buffer.from('PK\u0003\u0004 this is not a zip at all'),
    told: 'The attempt artifact is not a readable zip file',
  },
  {
    name: 'an outcome that is not JSON',
    zip: zipOf({ 'outcome.json': '{"version": 1, oops', 'patch.json': '{}' }),
    told: 'outcome.json is not valid UTF-8 JSON',
  },
  { name: 'a cost of 1e308', outcome: { costUsd: 1e308 }, told: 'outcome.json is invalid: costUsd' },
];

describe('class 7: a poisoned artifact never stalls the repository', () => {
  let run: HostileRun;
  const long = 'A'.repeat(60_000);

  beforeAll(async () => {
    run = await runHostile([
      ...failing,
      { name: 'a summary of 60,000 characters', outcome: { summary: long } },
    ]);
  }, 150_000);

  afterAll(async () => {
    await run?.world.close();
  });

  it('the healthy task beside the attacks merged, and the run is not stuck on any of them', () => {
    expect(run.repo.isClosed(run.healthy)).toBe(true);
    expect(run.repo.runs().every((workflowRun) => workflowRun.status === 'completed')).toBe(true);
  });

  it('nothing of a failed artifact is on the default branch', () => {
    expect(
      defaultBranchUntouched(run, [`tasks/${run.tasks.get('a summary of 60,000 characters')}.txt`]),
    ).toEqual([]);
  });

  it.each(failing)('$name: the attempt failed with a reason, and nothing was written', ({ name, told }) => {
    const number = run.tasks.get(name) as number;
    expect(run.repo.isClosed(number)).toBe(false);
    expect(run.repo.labelsOf(number)).not.toContain('drover:running');
    const text = toldAbout(run.repo, number);
    expect(text).toContain(told);
    expect(nothingWrittenFor(run, number)).toEqual([]);
  });

  it('a summary of 60,000 characters is cut, and its task merges', () => {
    const number = run.tasks.get('a summary of 60,000 characters') as number;
    expect(run.repo.isClosed(number)).toBe(true);
    const pr = run.repo.pulls().find((pull) => pull.headRef.startsWith(`drover/${number}/`));
    const body = run.repo.issue(pr?.number as number).body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).not.toContain(long);
  });
});
