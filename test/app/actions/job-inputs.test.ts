/** The controller job's inputs: an App (id and key, both or neither) or a token, each refused with its input named. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { readCredentials, readJobInputs } from '../../../app/actions/job-inputs.js';

const scratch = mkdtempSync(join(tmpdir(), 'drover-job-inputs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readCredentials', () => {
  test('an App: numeric id and a key (escaped newlines restored)', () => {
    expect(readCredentials(inputs({ 'app-id': '42', 'private-key': 'a\\nb', 'github-token': 't' }))).toEqual({
      kind: 'app',
      appId: 42,
      privateKey: 'a\nb',
    });
  });

  test('no App: the github-token input', () => {
    expect(readCredentials(inputs({ 'github-token': 'ghs_x' }))).toEqual({
      kind: 'github-token',
      token: 'ghs_x',
    });
  });

  test.each([
    [{ 'app-id': '42' }, 'give both app-id and private-key'],
    [{ 'private-key': 'k' }, 'give both app-id and private-key'],
    [{ 'app-id': 'my-app', 'private-key': 'k' }, 'app-id must be the App'],
    [{}, 'no token'],
  ])('%j is refused: %s', (values, message) => {
    expect(() => readCredentials(inputs(values))).toThrow(message);
  });
});

describe('readJobInputs', () => {
  test('the runner’s variables and the event payload', () => {
    const eventPath = join(scratch, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'created' }));
    const read = readJobInputs(
      {
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_EVENT_NAME: 'issue_comment',
        GITHUB_RUN_ID: '9',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_API_URL: 'https://ghe.example/api/v3',
        GITHUB_SERVER_URL: 'https://ghe.example',
      },
      inputs({ 'github-token': 't' }),
    );
    expect(read).toEqual({
      repo: 'o/r',
      eventName: 'issue_comment',
      payload: { action: 'created' },
      deliveryId: 'actions-9-2',
      baseUrl: 'https://ghe.example/api/v3',
      webUrl: 'https://ghe.example',
      credentials: { kind: 'github-token', token: 't' },
    });
  });

  test('outside a job it says so', () => {
    expect(() => readJobInputs({}, inputs({ 'github-token': 't' }))).toThrow('GITHUB_EVENT_PATH is not set');
  });
});
