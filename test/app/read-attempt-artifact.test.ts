import { describe, expect, it } from '@jest/globals';
import { zipSync } from 'fflate';
import { artifactLimits, artifactSizeProblem } from '../../app/publish/artifact-limits.js';
import { readAttemptArtifact } from '../../app/publish/read-attempt-artifact.js';
import { defaultConfig } from '../../core/config.js';
import { zipBomb } from '../security/zip-bomb.js';
import { attemptZip, outcomeFor, patchFor } from '../support/artifacts.js';

const expected = { task: 4, attempt: 2 };
const limits = artifactLimits(defaultConfig().patch);

function zipOf(files: Record<string, string | Uint8Array>): Buffer {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, content]) => [
      name,
      typeof content === 'string' ? Buffer.from(content) : content,
    ]),
  );
  return Buffer.from(zipSync(entries));
}

const outcome = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...outcomeFor(4, 2, 'success', null), ...overrides });

describe('artifact size before download', () => {
  it('derives the limits from patch.max_bytes (base64 content plus room for the rest)', () => {
    expect(artifactLimits({ max_bytes: 3_000_000 })).toEqual({
      maxZipBytes: 4_000_000 + 8 * 1024 * 1024 + 1024 * 1024,
      maxInflatedBytes: 4_000_000 + 8 * 1024 * 1024,
      maxEntries: 16,
    });
  });

  it('refuses a size above the limit or an impossible one, before any download', () => {
    expect(artifactSizeProblem(1_000, limits)).toBeNull();
    expect(artifactSizeProblem(limits.maxZipBytes + 1, limits)).toMatch(/was not downloaded/);
    for (const size of [-1, Number.NaN, Infinity, 1.5])
      expect(artifactSizeProblem(size, limits)).toMatch(/impossible size/);
  });
});

describe('readAttemptArtifact: zip bombs and damaged zips', () => {
  it('refuses a 600 MiB bomb while inflating it, with memory near the cap, not the bomb', () => {
    const bomb = zipBomb(600);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const contents = readAttemptArtifact(bomb, expected, limits);
    const grown = process.memoryUsage().rss - before;
    expect(contents).toEqual({
      ok: false,
      reason: `The attempt artifact inflates to more than ${limits.maxInflatedBytes} bytes; it was not read further.`,
    });
    // Reading it whole took 1.35 GiB; the cap is 15 MB and one slice inflates to at most ~16 MiB.
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('counts every entry, not only the wanted ones (a bomb beside outcome.json)', () => {
    const bomb = zipBomb(40, 'junk.bin');
    const small = readAttemptArtifact(bomb, expected, { ...limits, maxInflatedBytes: 10 * 1024 * 1024 });
    expect(small).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/inflates to more than 10485760 bytes/),
    });
  });

  it('reads a streamed entry whose header understates its size, within the cap', () => {
    // 3 MiB of zeros is no JSON: the reader gets that far and says so.
    expect(readAttemptArtifact(zipBomb(3, 'outcome.json'), expected, limits)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outcome\.json is not valid UTF-8 JSON/),
    });
  });

  it('refuses too many entries and a second outcome.json', () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`f${index}`, 'x']));
    expect(
      readAttemptArtifact(zipOf({ 'outcome.json': outcome(), ...many }), expected, limits),
    ).toMatchObject({
      ok: false,
      reason: 'The attempt artifact has more than 16 entries.',
    });
    expect(
      readAttemptArtifact(
        zipOf({ 'outcome.json': outcome(), 'x/outcome.json': outcome() }),
        expected,
        limits,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'The attempt artifact holds outcome.json twice.',
    });
  });

  it('turns every damaged byte into a reason, never an exception', () => {
    const good = attemptZip(outcomeFor(4, 2, 'success', null), patchFor(4));
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const damaged = Buffer.from(good);
      const flips = 1 + Math.floor(random() * 4);
      for (let i = 0; i < flips; i++)
        damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? damaged.subarray(0, Math.floor(random() * damaged.length)) : damaged;
      const result = readAttemptArtifact(cut, expected, limits);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    }
  });

  it('refuses an empty or non-zip buffer and invalid UTF-8', () => {
    expect(readAttemptArtifact(Buffer.alloc(0), expected, limits)).toMatchObject({ ok: false });
    expect(readAttemptArtifact(Buffer.from('PK\u0003\u0004garbage'), expected, limits)).toMatchObject({
      ok: false,
    });
    const latin1 = zipOf({ 'outcome.json': Buffer.from(outcome({ summary: 'caf\u00e9' }), 'latin1') });
    expect(readAttemptArtifact(latin1, expected, limits)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outcome\.json is not valid UTF-8 JSON/),
    });
  });
});

describe('readAttemptArtifact: outcome fields are bounded', () => {
  it('cuts a 60,000-character summary and a long reason, saying how much was cut', () => {
    const result = readAttemptArtifact(
      zipOf({ 'outcome.json': outcome({ summary: 's'.repeat(60_000), reason: 'r'.repeat(5_000) }) }),
      expected,
      limits,
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.outcome.summary).toBe(`${'s'.repeat(20_000)}\n[… cut: 40000 more characters]`);
    expect(result.outcome.reason).toBe(`${'r'.repeat(2_000)}\n[… cut: 3000 more characters]`);
  });

  it.each([
    ['costUsd', 1e308],
    ['costUsd', -1],
    ['costUsd', 10_001],
    ['durationMs', 6 * 24 * 3_600_000],
    ['durationMs', -5],
    ['turns', 1.5],
    ['turns', 2_000_000],
  ])('refuses %s = %d (it would become the spend or the durations)', (key, value) => {
    const result = readAttemptArtifact(
      zipOf({ 'outcome.json': outcome({ [key]: value }) }),
      expected,
      limits,
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(new RegExp(`outcome\\.json is invalid: ${key}`)),
    });
  });

  it('refuses a cost that JSON parses to Infinity (1e309)', () => {
    const text = outcome().replace('"costUsd":0.25', '"costUsd":1e309');
    expect(readAttemptArtifact(zipOf({ 'outcome.json': text }), expected, limits)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/costUsd/),
    });
  });
});
