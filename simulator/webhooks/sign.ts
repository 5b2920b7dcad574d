/** `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the webhook secret, hex, `sha256=` prefix. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signPayload(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(
  secret: string,
  body: string | Buffer,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signPayload(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
