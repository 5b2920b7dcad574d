/**
 * The one error type at the GitHub boundary. Every gateway method either returns one of its
 * typed answers (a ref that already exists, a merge GitHub refused, ...) or throws this, so the
 * loop never inspects Octokit's errors and never has to guess whether a write happened.
 */
export type GitHubErrorKind =
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'unprocessable'
  | 'rate-limited'
  | 'server'
  | 'network'
  /** Not sent: its deadline (`notAfter`) passed first. */
  | 'too-late'
  | 'other';

export interface GitHubErrorInit {
  kind: GitHubErrorKind;
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  /** `METHOD /path` of the request (no query, no token). */
  request: string;
  /** GitHub's own message (REST `message`, GraphQL `errors[0].message`). */
  detail: string;
  /**
   * Whether GitHub may have performed the request: `no` for answers that refuse it (4xx, a
   * rate limit), `unknown` when a write got a 5xx or no answer (it may have happened).
   */
  performed: 'no' | 'unknown';
  /** For rate limits: how long GitHub asked us to wait. */
  retryAfterMs?: number;
}

export class GitHubError extends Error {
  readonly kind: GitHubErrorKind;
  readonly status: number;
  readonly request: string;
  readonly detail: string;
  readonly performed: 'no' | 'unknown';
  readonly retryAfterMs: number | undefined;

  constructor(init: GitHubErrorInit) {
    super(`${init.request}: ${init.status === 0 ? '' : `${init.status} `}${init.detail}`);
    this.name = 'GitHubError';
    this.kind = init.kind;
    this.status = init.status;
    this.request = init.request;
    this.detail = init.detail;
    this.performed = init.performed;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isGitHubError(error: unknown, kind?: GitHubErrorKind): error is GitHubError {
  return error instanceof GitHubError && (kind === undefined || error.kind === kind);
}
