/**
 * The simulated app's RSA key pair (PKCS#8 PEM, like GitHub's downloads). Generating one takes
 * ~100 ms, so a process makes one and every simulator in it reuses it.
 */
import { generateKeyPairSync } from 'node:crypto';

let cached: { privateKey: string; publicKey: string } | undefined;

export function appKeyPair(): { privateKey: string; publicKey: string } {
  cached ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return cached;
}
