import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as textkit from '../src/index.js';

test('the package entry loads and carries a version', () => {
  assert.equal(textkit.version, '0.1.0');
});
