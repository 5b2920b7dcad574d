/**
 * What a controller job is given: the runner's variables (GITHUB_REPOSITORY, GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) and
 * the action's inputs (`app-id` and `private-key`, or `github-token`). Bad input is refused with
 * the input named.
 * https://docs.github.com/actions/reference/variables-reference#default-environment-variables
 */
import { readFileSync } from 'node:fs';
import type { JobCredentials } from './job-access.js';

export interface JobInputs {
  repo: string;
  eventName: string;
  payload: Record<string, unknown>;
  deliveryId: string;
  baseUrl: string;
  webUrl: string;
  /** GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/x.yml@refs/heads/main`), when the runner gives it. */
  workflowRef?: string;
  credentials: JobCredentials;
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value)
    throw new Error(`${name} is not set: the Drover controller runs as a step of a GitHub Actions job`);
  return value;
}

/** `app-id` with `private-key` (a GitHub App), else `github-token`. */
export function readCredentials(getInput: (name: string) => string): JobCredentials {
  const appId = getInput('app-id').trim();
  const privateKey = getInput('private-key').trim();
  if (appId !== '' || privateKey !== '') {
    if (appId === '' || privateKey === '')
      throw new Error('give both app-id and private-key (a GitHub App), or neither (the GITHUB_TOKEN)');
    if (!/^[1-9][0-9]*$/.test(appId)) throw new Error(`app-id must be the App's numeric id, not "${appId}"`);
    return { kind: 'app', appId: Number(appId), privateKey: privateKey.replace(/\\n/g, '\n') };
  }
  const token = getInput('github-token').trim();
  if (token === '')
    throw new Error('no token: set github-token (default ${{ github.token }}) or app-id and private-key');
  return { kind: 'github-token', token };
}

export function readJobInputs(env: Env, getInput: (name: string) => string): JobInputs {
  const eventPath = required(env, 'GITHUB_EVENT_PATH');
  const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as unknown;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new Error(`${eventPath} does not hold an event payload`);
  return {
    repo: required(env, 'GITHUB_REPOSITORY'),
    eventName: required(env, 'GITHUB_EVENT_NAME'),
    payload: payload as Record<string, unknown>,
    deliveryId: `actions-${required(env, 'GITHUB_RUN_ID')}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    webUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    ...(env.GITHUB_WORKFLOW_REF ? { workflowRef: env.GITHUB_WORKFLOW_REF } : {}),
    credentials: readCredentials(getInput),
  };
}
