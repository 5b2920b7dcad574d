/** Reads a request body, inflating `Content-Encoding: gzip` (git sends large pushes gzipped). */
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { SimError } from '../state/sim-error.js';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = req.headers['content-encoding'];
  if (!encoding || encoding === 'identity') return raw;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(raw);
  throw new SimError(415, `Unsupported Content-Encoding: ${encoding}`);
}

/** The JSON body, undefined when empty; a 400 "Problems parsing JSON" when malformed, as GitHub answers. */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType && !/json|text\/plain/i.test(contentType)) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new SimError(400, 'Problems parsing JSON');
    throw error;
  }
}
