/**
 * Checks the simulator against GitHub's published REST description (@octokit/openapi
 * `generated/api.github.com.json`): which operations exist, and response and webhook payload
 * schemas. The ~10 MB spec is loaded once per test file; validators are compiled on first use
 * and cached. OpenAPI 3.0's `nullable` is understood by ajv; the other OpenAPI keywords are
 * ignored (`strict: false`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: object }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, { schema?: object }> }> };
  'x-webhooks': Record<
    string,
    { post: { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }
  >;
}

const specPath = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Spec;
convertNullable(spec);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(spec as object, 'spec');
const validators = new Map<string, ValidateFunction>();

/**
 * Makes OpenAPI 3.0 `nullable` something ajv can check everywhere: beside an `enum` without null
 * it means "or null" (JSON Schema's enum would still reject null), and without a `type` (next to
 * `allOf`/`$ref`) ajv refuses it, so such a schema becomes `anyOf: [schema, { type: 'null' }]`.
 */
function convertNullable(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  for (const child of Object.values(node)) convertNullable(child);
  if (Array.isArray(node)) return;
  const schema = node as Record<string, unknown>;
  if (schema.nullable !== true) return;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  if (schema.type !== undefined) return;
  delete schema.nullable;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      options.push({ type: 'null' });
      return;
    }
  }
  const inner = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [inner, { type: 'null' }];
}

export function specHasOperation(method: string, template: string): boolean {
  return Boolean(spec.paths[template]?.[method.toLowerCase()]);
}

/** JSON pointer of the response schema for an operation and status, or undefined if the spec has none. */
function responsePointer(method: string, template: string, status: number): string | undefined {
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in the spec`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${template} does not document status ${status}`);
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  if (response.$ref) {
    const name = response.$ref.split('/').pop() as string;
    const content = spec.components.responses[name]?.content;
    if (!content?.['application/json']?.schema) return undefined;
    return `#/components/responses/${escape(name)}/content/application~1json/schema`;
  }
  if (!response.content?.['application/json']?.schema) return undefined;
  return `#/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
}

function compiled(key: string, pointer: string): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `spec${pointer}` });
    validators.set(key, validate);
  }
  return validate;
}

function messages(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Problems with a REST response (empty when it matches the spec). */
export function validateResponse(method: string, template: string, status: number, body: unknown): string[] {
  const pointer = responsePointer(method, template, status);
  if (!pointer) return body === undefined || body === '' || body === null ? [] : [];
  const validate = compiled(`${method} ${template} ${status}`, pointer);
  return validate(body) ? [] : messages(validate);
}

/** Problems with a webhook payload, by `x-webhooks` key (`issues-labeled`, `sub-issues-sub-issue-added`). */
export function validateWebhook(key: string, payload: unknown): string[] {
  const ref = spec['x-webhooks'][key]?.post.requestBody.content['application/json'].schema.$ref;
  if (!ref) return [`no webhook ${key} in the spec`];
  const validate = compiled(`webhook ${key}`, ref);
  return validate(payload) ? [] : messages(validate);
}

/** The `x-webhooks` key of an event and action (`issue_comment` + `created` → `issue-comment-created`). */
export function webhookKey(event: string, action: string | undefined): string {
  return [event, action].filter(Boolean).join('-').replace(/_/g, '-');
}

/** Problems with a value against a component schema (`simple-user`, `issue`, …). */
export function validateComponent(name: string, value: unknown): string[] {
  const validate = compiled(`component ${name}`, `#/components/schemas/${name}`);
  return validate(value) ? [] : messages(validate);
}
