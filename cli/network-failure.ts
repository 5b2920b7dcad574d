/**
 * A request that never reached GitHub: refused connection, unknown host, TLS failure, timeout.
 * Octokit reports these as a RequestError with status 500 and no response (its fetch wrapper
 * turns every fetch failure into one), which reads as "GitHub answered 500": here they become a
 * NetworkFailure that names the host and the reason.
 *
 * Failures that cannot heal by themselves within a CLI run (an unknown host, a refused
 * connection, a bad certificate) fail at once instead of going through the retry plugin's
 * backoff (1 + 4 + 9 seconds); the others (reset, timeout) are retried and, if they persist,
 * described the same way.
 */
import type { Octokit } from '@octokit/core';

export class NetworkFailure extends Error {
  constructor(
    /** host[:port] the request went to. */
    readonly host: string,
    /** Why, in words ("connection refused", "unknown host", …). */
    readonly reason: string,
    /** The system error code (ECONNREFUSED, ENOTFOUND, …) when there is one. */
    readonly code: string | undefined,
  ) {
    super(`network failure: cannot reach ${host}: ${reason}`);
    this.name = 'NetworkFailure';
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running on that port?)',
  ENOTFOUND: 'unknown host (the name does not resolve)',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPROTO: 'the TLS handshake failed (is it an http:// server reached with https://?)',
};

/** Codes retrying cannot fix during one command. */
const PERMANENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPROTO']);

/** The NetworkFailure an Octokit error stands for, or null when GitHub did answer. */
export function networkFailureOf(error: unknown): NetworkFailure | null {
  if (error instanceof NetworkFailure) return error;
  if (!isRecord(error) || ('response' in error && error.response !== undefined)) return null;
  const url = isRecord(error.request) && typeof error.request.url === 'string' ? error.request.url : null;
  if (url === null || error.status !== 500 || !('cause' in error)) return null;
  const cause = rootCause(error.cause);
  return new NetworkFailure(hostOf(url), reasonOf(cause), cause.code);
}

/**
 * An Octokit plugin; list it before `retry` in `Octokit.plugin(...)` so its error hook runs
 * first: a permanent failure is thrown as a NetworkFailure, which carries no `request`, so the
 * retry plugin passes it on instead of retrying it.
 */
export function failFastOnNetworkErrors(octokit: Octokit): void {
  octokit.hook.error('request', (error) => {
    const failure = networkFailureOf(error);
    if (failure?.code !== undefined && (PERMANENT.has(failure.code) || isCertificateProblem(failure.code)))
      throw failure;
    throw error;
  });
}

interface Cause {
  code: string | undefined;
  message: string;
}

/** Undici wraps the system error (`TypeError: fetch failed` → cause), sometimes in an AggregateError. */
function rootCause(error: unknown): Cause {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    const code = typeof current.code === 'string' ? current.code : undefined;
    const nested = Array.isArray(current.errors) ? current.errors[0] : undefined;
    if (code !== undefined) return { code, message: String(current.message ?? code) };
    current = current.cause ?? nested;
  }
  const message = isRecord(error) ? String(error.message ?? error) : String(error);
  return { code: undefined, message };
}

function reasonOf(cause: Cause): string {
  if (cause.code === undefined) return cause.message;
  if (isCertificateProblem(cause.code)) return `TLS certificate problem (${cause.code})`;
  return REASONS[cause.code] ?? `${cause.message} (${cause.code})`;
}

/** CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID… */
function isCertificateProblem(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
