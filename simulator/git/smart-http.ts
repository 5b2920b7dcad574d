/**
 * Git smart HTTP (`clone`, `fetch`, `push`) served by `git http-backend` as a CGI, behind
 * GitHub-style basic auth (`x-access-token:<token>`): reading needs read access (anonymous is
 * fine for public repositories), pushing needs `contents: write` (or the write role). After a
 * push the store records the ref changes (branches, `push`, PR `synchronize`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveAuth, type ResolvedAuth } from '../server/auth.js';
import type { SimStore } from '../state/store.js';
import { SimError } from '../state/sim-error.js';
import { allows } from '../state/tokens.js';
import { roleAtLeast, type RepoRecord } from '../state/types.js';
import { gitEnv } from './git-cli.js';
import { GitBackendError, runHttpBackend, type CgiAnswer } from './http-backend.js';

const PATH = /^\/([^/]+)\/([^/]+)\.git(\/.*)?$/;

export function createGitHttpHandler(store: SimStore, log: (message: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> => {
    const match = PATH.exec(path);
    const repo = match ? store.repos.find(match[1] ?? '', match[2] ?? '') : undefined;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const push = path.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
    let auth: ResolvedAuth;
    try {
      auth = resolveAuth(store, req.headers.authorization);
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      return deny(
        res,
        401,
        'Invalid username or token. Password authentication is not supported for Git operations.',
      );
    }
    if (!repo) return deny(res, 404, 'Repository not found.');
    const verdict = gitAccess(store, auth, repo, push);
    if (verdict === 'unauthenticated') return deny(res, 401, 'Authentication required.');
    if (verdict === 'hidden') return deny(res, 404, 'Repository not found.');
    if (verdict === 'forbidden')
      return deny(res, 403, `Permission to ${repo.fullName}.git denied to ${auth.login}.`);
    const env = backendEnv(store, repo, req, url, match?.[3] ?? '/', body, auth);
    try {
      writeCgiAnswer(res, await runHttpBackend(env, body));
    } catch (error) {
      if (!(error instanceof GitBackendError)) throw error;
      log(`${req.method ?? 'GET'} ${path}: ${error.message}`);
      deny(res, 500, 'Internal Server Error');
    }
    // Even a failed push may have moved refs before failing: the store follows the repository.
    if (push && req.method === 'POST') syncRefs(store, repo, auth, log);
  };
}

function syncRefs(
  store: SimStore,
  repo: RepoRecord,
  auth: ResolvedAuth,
  log: (message: string) => void,
): void {
  try {
    store.git.syncRefs(repo.fullName, auth.login ?? repo.owner);
  } catch (error) {
    log(
      `recording the push to ${repo.fullName} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

type Verdict = 'ok' | 'unauthenticated' | 'hidden' | 'forbidden';

function gitAccess(store: SimStore, auth: ResolvedAuth, repo: RepoRecord, push: boolean): Verdict {
  const level = push ? 'write' : 'read';
  if (auth.kind === 'anonymous') return push || repo.private ? 'unauthenticated' : 'ok';
  if (auth.kind === 'app') return 'unauthenticated';
  if (auth.kind === 'installation') {
    const installation = store.installations.get(auth.installationId ?? -1);
    if (!installation || !store.installations.covers(installation, repo.fullName))
      return repo.private ? 'hidden' : push ? 'forbidden' : 'ok';
    return allows(auth.permissions.contents, level) ? 'ok' : 'forbidden';
  }
  if (auth.kind === 'job') {
    if (auth.repo?.toLowerCase() !== repo.fullName.toLowerCase())
      return repo.private ? 'hidden' : push ? 'forbidden' : 'ok';
    return allows(auth.permissions.contents, level) ? 'ok' : 'forbidden';
  }
  const role = store.repos.role(repo, auth.login);
  if (!role) return 'hidden';
  return !push || roleAtLeast(role, 'write') ? 'ok' : 'forbidden';
}

function backendEnv(
  store: SimStore,
  repo: RepoRecord,
  req: IncomingMessage,
  url: URL,
  rest: string,
  body: Buffer,
  auth: ResolvedAuth,
): NodeJS.ProcessEnv {
  return {
    ...gitEnv(store.env.gitHome),
    GIT_PROJECT_ROOT: store.env.reposDir,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${repo.owner}/${repo.name}.git${rest}`,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_USER: auth.login ?? '',
    REMOTE_ADDR: '127.0.0.1',
    GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
  };
}

function writeCgiAnswer(res: ServerResponse, answer: CgiAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

function deny(res: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="GitHub"';
  res.writeHead(status, headers);
  res.end(`${message}\n`);
}
