/**
 * Conditional requests as GitHub answers them ("Best practices for using the REST API" → "Use
 * conditional requests if appropriate"): a successful GET carries a weak `ETag` derived from the
 * body (`W/"<sha256>"`) and, for a single object with an `updated_at`, `Last-Modified`. A request
 * whose `If-None-Match` names the current ETag (or, without it, whose `If-Modified-Since` is not
 * older than Last-Modified) gets `304 Not Modified` with no body; a 304 is not billed.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SimResponse } from '../host.js';

/** Adds the validators to a 200 answer to a GET, or turns it into a 304 when the client's match. */
export function applyConditional(headers: IncomingHttpHeaders, response: SimResponse): SimResponse {
  if (response.status !== 200) return response;
  const validators = validatorsOf(response);
  const withValidators = { ...response, headers: { ...response.headers, ...validators } };
  if (!notModified(headers, validators)) return withValidators;
  return { status: 304, headers: withValidators.headers };
}

function validatorsOf(response: SimResponse): Record<string, string> {
  const bytes = response.raw ?? Buffer.from(JSON.stringify(response.body ?? null));
  const validators: Record<string, string> = {
    etag: `W/"${createHash('sha256').update(bytes).digest('hex')}"`,
  };
  const lastModified = lastModifiedOf(response.body);
  if (lastModified) validators['last-modified'] = lastModified;
  return validators;
}

/** GitHub sends Last-Modified for single resources; the simulator takes it from `updated_at`. */
function lastModifiedOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const updatedAt = (body as { updated_at?: unknown }).updated_at;
  if (typeof updatedAt !== 'string') return undefined;
  const time = Date.parse(updatedAt);
  return Number.isNaN(time) ? undefined : new Date(time).toUTCString();
}

function notModified(headers: IncomingHttpHeaders, validators: Record<string, string>): boolean {
  const ifNoneMatch = headers['if-none-match'];
  // RFC 9110 §13.1.3: If-None-Match wins over If-Modified-Since, and uses weak comparison.
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, validators.etag ?? '');
  const ifModifiedSince = headers['if-modified-since'];
  const lastModified = validators['last-modified'];
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
