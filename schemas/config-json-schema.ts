/**
 * The JSON Schema of `.github/drover.yml`, derived from the zod schema (the single source), so
 * editors can validate and complete the file. `schemas/generate.ts` writes it to disk.
 */
import { z } from 'zod';
import { droverConfigSchema } from '../core/config.js';

export const CONFIG_SCHEMA_FILE = new URL('./drover-config.schema.json', import.meta.url);

/** The schema text as committed: `io: 'input'` so keys with defaults are optional, as people write the file. */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(droverConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ title: 'Drover configuration', ...schema }, null, 2)}\n`;
}
