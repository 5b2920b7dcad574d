import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from '../../schemas/config-json-schema.js';

describe('schemas/drover-config.schema.json', () => {
  const committed = readFileSync(CONFIG_SCHEMA_FILE, 'utf8');

  it('is what `npx tsx schemas/generate.ts` generates from the zod schema', () => {
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it.each([
    ['workers: 3\nmerge: { mode: direct }\n', true],
    ['project: { owner: octo-org, number: 3 }\n', true],
    ['wokers: 3\n', false],
    ['merge: { mode: fast }\n', false],
    ['workers: 0\n', false],
  ])('validates %j as %s, as the parser does', (yaml, valid) => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed) as object);
    expect(validate(parse(yaml))).toBe(valid);
  });
});
