/**
 * Any error a command ends with, as the one line the person at the terminal reads: what went
 * wrong in their terms (a network failure with its host, a token GitHub refused, GraphQL's own
 * message, GitHub's validation messages), never a stack, never a bare "Request failed".
 * The text is made safe for a terminal by the caller.
 */
import { isGitHubError, type GitHubError } from '../core/gateway/github-error.js';
import { httpStatus } from './github-client.js';
import { networkFailureOf } from './network-failure.js';

export function describeError(error: unknown): string {
  const network = networkFailureOf(error);
  if (network !== null) return `${network.message}; check --api-url (or GITHUB_API_URL)`;
  const graphql = graphqlMessages(error);
  if (graphql !== null) return `GitHub's GraphQL API answered: ${graphql}`;
  if (isGitHubError(error)) return describeGatewayError(error);
  const status = httpStatus(error);
  if (status !== undefined && hasResponse(error)) return describeHttpError(error, status);
  return firstLine(messageOf(error));
}

function describeHttpError(error: object, status: number): string {
  const request = requestLine(error);
  const message = responseMessage(error) ?? firstLine(messageOf(error));
  if (status === 401)
    return `GitHub refused the token (401 ${message}): check --token, GITHUB_TOKEN or GH_TOKEN`;
  return `GitHub answered ${status} to ${request}: ${message}${hintFor(status)}`;
}

/** The controller's gateway (the CLI reads through it too) says what it asked and what GitHub said. */
function describeGatewayError(error: GitHubError): string {
  if (error.status === 200 && error.request.includes('/graphql'))
    return `GitHub's GraphQL API answered: ${error.detail}`;
  if (error.status === 401)
    return `GitHub refused the token (401 ${error.detail}): check --token, GITHUB_TOKEN or GH_TOKEN`;
  return `GitHub answered ${error.status} to ${error.request}: ${error.detail}${hintFor(error.status)}`;
}

function hintFor(status: number): string {
  if (status === 403) return ' (does the token have the permission this needs?)';
  if (status === 404) return ' (check --repo, and that the token can see the repository)';
  return '';
}

/** GraphQL errors arrive with HTTP 200; their own messages say what is wrong. */
function graphqlMessages(error: unknown): string | null {
  if (!isRecord(error) || !Array.isArray(error.errors) || error.name !== 'GraphqlResponseError') return null;
  const messages = error.errors
    .map((entry) => (isRecord(entry) && typeof entry.message === 'string' ? entry.message : ''))
    .filter(Boolean);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : null;
}

/** GitHub's `message`, with each validation error's own message (`title is too long…`) after it. */
function responseMessage(error: object): string | null {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  if (!isRecord(data) || typeof data.message !== 'string')
    return typeof data === 'string' && data ? firstLine(data) : null;
  const details = Array.isArray(data.errors)
    ? data.errors
        .map((entry) =>
          typeof entry === 'string'
            ? entry
            : isRecord(entry) && typeof entry.message === 'string'
              ? entry.message
              : '',
        )
        .filter(Boolean)
    : [];
  return details.length > 0 ? `${data.message}: ${details.join('; ')}` : data.message;
}

function requestLine(error: object): string {
  const request = (error as { request?: { method?: unknown; url?: unknown } }).request;
  if (typeof request?.url !== 'string') return 'a request';
  let path = request.url;
  try {
    const url = new URL(request.url);
    path = url.pathname;
  } catch {
    // Not absolute: show it as it is.
  }
  return `${typeof request.method === 'string' ? request.method : 'GET'} ${path}`;
}

function hasResponse(error: unknown): error is { response: object } {
  return isRecord(error) && isRecord(error.response);
}

/** By shape, not `instanceof`: errors may come from another realm (child processes, vm contexts). */
function messageOf(error: unknown): string {
  if (isRecord(error) && 'message' in error) return String(error.message);
  return String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
