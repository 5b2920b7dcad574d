/**
 * package.json's `engines.node` is true: every Node version it admits is admitted by every
 * installed package (npm ci warns EBADENGINE otherwise), and the Node running the tests is one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import semver from 'semver';

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockPackage>;
};

describe('engines.node', () => {
  const declared = manifest.engines.node;

  test('admits the Node running this suite', () => {
    expect(semver.satisfies(process.version, declared)).toBe(true);
  });

  test('every installed package supports every Node version it admits', () => {
    const narrower = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || wanted === undefined) return [];
      return semver.subset(declared, wanted, { includePrerelease: false })
        ? []
        : [`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} wants ${wanted}`];
    });
    expect(narrower).toEqual([]);
  });
});
