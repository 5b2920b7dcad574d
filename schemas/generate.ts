/** Writes schemas/drover-config.schema.json from the zod schema: `npx tsx schemas/generate.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from './config-json-schema.js';

writeFileSync(CONFIG_SCHEMA_FILE, renderConfigJsonSchema());
console.log(`wrote ${fileURLToPath(CONFIG_SCHEMA_FILE)}`);
