/**
 * Verifies a GitHub App JWT (RS256) as GitHub does: signed with the app's private key, `iss` the
 * app id (or client id), `iat`/`exp` present, expiry in the future and at most ten minutes after
 * issue (docs: "Generating a JSON Web Token (JWT) for a GitHub App").
 */
import { createPublicKey, verify } from 'node:crypto';
import { SimError } from '../state/sim-error.js';

/** The docs allow `exp` at most 10 minutes into the future; octokit backdates `iat` by 30 s. */
const MAX_LIFETIME_S = 10 * 60 + 60;
/** Tolerated clock drift for `iat` in the future. */
const CLOCK_SKEW_S = 60;

export interface AppIdentity {
  id: number;
  clientId: string;
  publicKey: string;
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

export function verifyAppJwt(
  token: string,
  app: AppIdentity,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const [headerPart = '', payloadPart = '', signaturePart = ''] = token.split('.');
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  if (header.alg !== 'RS256') throw bad('A JSON web token could not be decoded');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey(app.publicKey),
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw bad('A JSON web token could not be decoded');
  if (String(claims.iss) !== String(app.id) && claims.iss !== app.clientId) {
    throw bad("'Issuer' claim ('iss') must be an Integer");
  }
  if (typeof claims.iat !== 'number')
    throw bad(
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
    );
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    throw bad(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
    );
  }
  if (claims.iat > nowSeconds + CLOCK_SKEW_S)
    throw bad("'Issued at' claim ('iat') must be an Integer representing a time in the past.");
  if (claims.exp - claims.iat > MAX_LIFETIME_S)
    throw bad("'Expiration time' claim ('exp') is too far in the future.");
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw bad('A JSON web token could not be decoded');
}

const bad = (message: string): SimError => new SimError(401, message);
