/**
 * `npm run simulator -- …` options, read in order: the options after a `--repo` describe that
 * repository, up to the next `--repo`. Every bad value is refused with its option named.
 *
 *   --port N  --webhook-url URL  --webhook-secret S  --json
 *   --user LOGIN                        a user with a personal token (repeatable)
 *   --repo OWNER/NAME                   a repository (repeatable; the owner gets a token), then:
 *     --files DIR                       its first commit: the files of DIR
 *     --default-branch NAME             (default main)
 *     --private
 *     --collaborator LOGIN:PERMISSION   read | triage | write | maintain | admin (repeatable)
 *     --no-app                          do not install the app on it
 *
 * Without any `--repo`, `--owner LOGIN` (default octo) and `--repo NAME` (default demo) keep
 * the old meaning: one repository with the app installed.
 */
import { parseArgs } from 'node:util';
import type { RepoRole } from '../state/types.js';

export const REPO_ROLES: readonly RepoRole[] = ['read', 'triage', 'write', 'maintain', 'admin'];

export interface RepoSetup {
  owner: string;
  name: string;
  filesDir: string | null;
  defaultBranch: string | null;
  private: boolean;
  collaborators: Array<{ login: string; role: RepoRole }>;
  installApp: boolean;
}

export interface SimulatorSetup {
  port: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
  json: boolean;
  users: string[];
  repos: RepoSetup[];
}

export const SIMULATOR_USAGE = `usage: npm run simulator -- [options]
  --port N                          port on 127.0.0.1 (default 0: any free port)
  --webhook-url URL                 where to deliver webhooks (e.g. the app's)
  --webhook-secret SECRET           the secret that signs deliveries (default: generated)
  --user LOGIN                      create a user with a personal token (repeatable)
  --repo OWNER/NAME                 create a repository, its owner with a token, the app
                                    installed on it (repeatable); these apply to the last --repo:
    --files DIR                     its first commit holds the files of DIR (a git checkout:
                                    its tracked and unignored files)
    --default-branch NAME           its default branch (default main)
    --private                       a private repository
    --collaborator LOGIN:PERMISSION give a user (created if needed) read, triage, write,
                                    maintain or admin on it (repeatable)
    --no-app                        do not install the app on it
  --json                            print the URLs, tokens and credentials as one JSON object
  --owner LOGIN, --repo NAME        the old form: one repository (default octo/demo)
`;

const PER_REPO = new Set(['files', 'default-branch', 'private', 'collaborator', 'no-app']);
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export class SimulatorArgsError extends Error {}

export function parseSimulatorArgs(argv: string[]): SimulatorSetup | 'help' {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    strict: true,
    options: {
      port: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      json: { type: 'boolean' },
      owner: { type: 'string' },
      user: { type: 'string', multiple: true },
      repo: { type: 'string', multiple: true },
      files: { type: 'string', multiple: true },
      'default-branch': { type: 'string', multiple: true },
      private: { type: 'boolean', multiple: true },
      collaborator: { type: 'string', multiple: true },
      'no-app': { type: 'boolean', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const setup: SimulatorSetup = {
    port: parsePort(values.port),
    webhookUrl: values['webhook-url'] === undefined ? null : parseUrl(values['webhook-url']),
    webhookSecret: values['webhook-secret'] ?? null,
    json: values.json ?? false,
    users: (values.user ?? []).map((login) => parseLogin(login, '--user')),
    repos: [],
  };
  const owner = values.owner === undefined ? 'octo' : parseLogin(values.owner, '--owner');
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'repo') setup.repos.push(newRepo(token.value ?? '', owner));
    else if (PER_REPO.has(token.name)) applyRepoOption(setup.repos.at(-1), token.name, token.value);
  }
  if (setup.repos.length === 0) setup.repos.push(newRepo('demo', owner));
  checkUnique(setup.repos);
  return setup;
}

function newRepo(value: string, defaultOwner: string): RepoSetup {
  const parts = value.split('/');
  const [owner, name] = parts.length === 1 ? [defaultOwner, parts[0] ?? ''] : parts;
  if (
    parts.length > 2 ||
    owner === undefined ||
    name === undefined ||
    !REPO_NAME.test(name) ||
    name.endsWith('.git')
  )
    throw new SimulatorArgsError(`--repo "${value}" is not of the form OWNER/NAME`);
  return {
    owner: parseLogin(owner, '--repo'),
    name,
    filesDir: null,
    defaultBranch: null,
    private: false,
    collaborators: [],
    installApp: true,
  };
}

function applyRepoOption(repo: RepoSetup | undefined, name: string, value: string | undefined): void {
  if (repo === undefined)
    throw new SimulatorArgsError(`--${name} applies to a repository: put it after its --repo`);
  if (name === 'files') repo.filesDir = value ?? '';
  if (name === 'default-branch') repo.defaultBranch = parseBranch(value ?? '');
  if (name === 'private') repo.private = true;
  if (name === 'no-app') repo.installApp = false;
  if (name === 'collaborator') repo.collaborators.push(parseCollaborator(value ?? ''));
}

function parseCollaborator(value: string): { login: string; role: RepoRole } {
  const [login = '', role = ''] = value.split(':');
  if (!(REPO_ROLES as readonly string[]).includes(role))
    throw new SimulatorArgsError(
      `--collaborator "${value}" must be LOGIN:PERMISSION, the permission one of ${REPO_ROLES.join(', ')}`,
    );
  return { login: parseLogin(login, '--collaborator'), role: role as RepoRole };
}

function parseLogin(login: string, option: string): string {
  if (!LOGIN.test(login) || login.includes('--') || login.endsWith('-'))
    throw new SimulatorArgsError(
      `${option}: "${login}" is not a GitHub login (letters, digits and single hyphens)`,
    );
  return login;
}

/** git's rules for a branch name, the ones a typo hits (see `git check-ref-format`). */
function parseBranch(name: string): string {
  if (name === '' || /[\s~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.lock$|^-|\.$/.test(name))
    throw new SimulatorArgsError(`--default-branch "${name}" is not a valid branch name`);
  return name;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new SimulatorArgsError(`--port must be 0-65535, got "${value}"`);
  return port;
}

function parseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // Reported below, with the option.
  }
  throw new SimulatorArgsError(
    `--webhook-url "${value}" is not an http(s) URL (e.g. http://127.0.0.1:3000/api/github/webhooks)`,
  );
}

function checkUnique(repos: RepoSetup[]): void {
  const seen = new Set<string>();
  for (const repo of repos) {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    if (seen.has(key)) throw new SimulatorArgsError(`--repo ${repo.owner}/${repo.name} is given twice`);
    seen.add(key);
  }
}
