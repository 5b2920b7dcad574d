/**
 * Runs `git http-backend` as a CGI for one smart-HTTP request and returns its parsed answer.
 *
 * Every stream of the child has an error listener: an unhandled 'error' event is thrown by Node
 * and would kill the whole simulator. The classic case is EPIPE on stdin, when the backend exits
 * (done, or refusing a malformed request) before reading all of the request body. A backend
 * failure rejects with a GitBackendError, which the caller turns into an HTTP error answer.
 */
import { spawn } from 'node:child_process';

export interface CgiAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class GitBackendError extends Error {}

export function runHttpBackend(env: NodeJS.ProcessEnv, input: Buffer): Promise<CgiAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let streamError: Error | undefined;
    const remember = (error: Error) => {
      streamError ??= error;
    };
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', remember);
    child.stdout.on('error', remember);
    child.stderr.on('error', remember);
    child.on('error', (error) =>
      reject(new GitBackendError(`git http-backend could not start: ${error.message}`)),
    );
    child.on('close', (code, signal) => {
      const answer = parseCgi(Buffer.concat(out));
      // The backend may stop reading its input once it has answered (EPIPE on our side): its
      // answer stands when it exited cleanly, or when it exited with an error status it chose.
      if (answer && (code === 0 || answer.status >= 400)) {
        resolve(answer);
        return;
      }
      const stderr = Buffer.concat(err).toString('utf8').trim();
      const why = [
        `exited ${code ?? signal}`,
        stderr,
        streamError ? `(${streamError.message})` : '',
        answer ? '' : 'with no CGI answer',
      ];
      reject(new GitBackendError(`git http-backend ${why.filter(Boolean).join(' ')}`));
    });
    child.stdin.end(input);
  });
}

/** CGI output: header lines, a blank line, the body; `Status:` sets the HTTP status. */
export function parseCgi(raw: Buffer): CgiAnswer | undefined {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  const useCrlf = crlf >= 0 && (lf < 0 || crlf < lf);
  const split = useCrlf ? crlf : lf;
  const head = raw.subarray(0, split).toString('utf8');
  const body = raw.subarray(split + (useCrlf ? 4 : 2));
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number(value.split(' ')[0]) || 200;
    else headers[name] = value;
  }
  return { status, headers, body };
}
