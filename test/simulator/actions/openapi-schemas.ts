/** Validates webhook payloads and REST responses against @octokit/openapi (api.github.com). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

interface JsonContent {
  content?: { 'application/json'?: { schema: object } };
}

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, JsonContent> }>>;
  'x-webhooks': Record<
    string,
    { post: { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }
  >;
}

const specPath = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
/**
 * OpenAPI 3.0 `nullable: true` next to an `enum` that omits null (e.g. `workflow_run.conclusion`
 * of `workflow-run-in-progress`, which GitHub sends as null) means "or null"; JSON Schema's enum
 * would reject null, so null joins such enums.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as { nullable?: unknown; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum.push(null);
  for (const child of Object.values(node)) allowNullInNullableEnums(child);
}

const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Spec;
allowNullInNullableEnums(spec);
// OpenAPI 3.0 keywords (`nullable`, `x-github`, `example`…) are not JSON Schema: ajv reads `nullable`, ignores the rest.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(spec as object, 'spec');
const validators = new Map<string, ValidateFunction>();

/** Error messages (empty when valid) for a payload of `x-webhooks` key, e.g. `workflow-run-completed`. */
export function validateWebhook(key: string, payload: unknown): string[] {
  let validate = validators.get(key);
  if (!validate) {
    const ref = spec['x-webhooks'][key]?.post.requestBody.content['application/json'].schema.$ref;
    if (!ref) throw new Error(`No webhook ${key} in @octokit/openapi`);
    validate = ajv.compile({ $ref: `spec${ref}` });
    validators.set(key, validate);
  }
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Error messages (empty when valid) for a REST response body of `METHOD template` with `status`. */
export function validateResponse(method: string, template: string, status: number, body: unknown): string[] {
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const response = spec.paths[template]?.[method.toLowerCase()]?.responses[String(status)];
    if (!response) throw new Error(`${method} ${template} has no ${status} response in @octokit/openapi`);
    const pointer = `spec#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    if (!response.content?.['application/json'])
      return body === undefined || body === '' ? [] : ['expected no body'];
    validate = ajv.compile({ $ref: pointer });
    validators.set(key, validate);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
