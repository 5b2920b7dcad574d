import { describe, expect, it } from '@jest/globals';
import type { AttemptPatch } from '../../core/attempt-artifact.js';
import { describeSecretFindings, scanForSecrets, scanPatchForSecrets } from '../../core/secret-scan.js';

const SECRET = 'sk-test-Zq8vL2pX9wR4tY6u';
const kinds = (content: string | Uint8Array, secrets: string[] = [SECRET]) =>
  scanForSecrets([{ where: 'file', content }], secrets).map((finding) => finding.kind);

/** Tokens in the documented shapes, built at run time so this file holds none. */
const repeat = (alphabet: string, length: number) =>
  Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join('');
const ALNUM = 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z';
const KNOWN: Array<[string, string]> = [
  ['GitHub token', `ghp_${repeat(ALNUM, 36)}`],
  ['GitHub token', `gho_${repeat(ALNUM, 36)}`],
  ['GitHub token', `ghu_${repeat(ALNUM, 36)}`],
  ['GitHub token', `ghs_${repeat(ALNUM, 36)}`],
  ['GitHub token', `ghr_${repeat(ALNUM, 36)}`],
  ['GitHub fine-grained token', `github_pat_${repeat(ALNUM, 22)}_${repeat(ALNUM, 59)}`],
  ['Anthropic key', `sk-ant-api03-${repeat(ALNUM + '-_', 93)}AA`],
  ['Anthropic key', `sk-ant-oat01-${repeat(ALNUM, 80)}`],
  ['OpenAI key', `sk-proj-${repeat(ALNUM + '-_', 120)}`],
  ['OpenAI key', `sk-svcacct-${repeat(ALNUM, 64)}`],
  ['OpenAI-style key', `sk-${repeat(ALNUM, 48)}`],
  ['OpenRouter key', `sk-or-v1-${repeat('0123456789abcdef', 64)}`],
  ['AWS access key id', `AKIA${repeat('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`],
  ['AWS access key id', `ASIA${repeat('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`],
  ['AWS secret access key', `aws_secret_access_key = ${repeat(ALNUM + '/+', 40)}`],
  ['Slack token', `xoxb-${repeat('0123456789', 12)}-${repeat(ALNUM, 24)}`],
  ['Slack token', `xoxp-${repeat('0123456789', 12)}-${repeat(ALNUM, 24)}`],
  [
    'Slack webhook',
    `https://hooks.slack.com/services/T${repeat('ABC123', 8)}/B${repeat('DEF456', 8)}/${repeat(ALNUM, 24)}`,
  ],
  ['private key', '-----BEGIN RSA PRIVATE KEY-----'],
  ['private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
  ['private key', '-----BEGIN PRIVATE KEY-----'],
  ['private key', '-----BEGIN EC PRIVATE KEY-----'],
  ['private key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
  ['Google API key', `AIza${repeat(ALNUM + '_-', 35)}`],
  ['Stripe key', `sk_live_${repeat(ALNUM, 24)}`],
  ['npm token', `npm_${repeat(ALNUM, 36)}`],
  ['GitLab token', `glpat-${repeat(ALNUM, 20)}`],
  ['Hugging Face token', `hf_${repeat('abcdefghijklmnopqrstuvwxyzABCDEF', 34)}`],
];

describe('scanForSecrets: known token formats', () => {
  it.each(KNOWN)('finds a %s', (kind, token) => {
    expect(kinds(`const key = "${token}";\n`, [])).toContain(kind);
    expect(
      kinds(Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(token), Buffer.from([0])]), []),
    ).toContain(kind);
  });

  it('ignores documented sample credentials and ordinary text', () => {
    expect(
      kinds(
        'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        [],
      ),
    ).toEqual([]);
    expect(kinds('import sklearn; class sk-loading-spinner-container-element {}; ghp_short', [])).toEqual([]);
  });

  it('does not report a token that was already in the file (not a new leak), but does report a new one', () => {
    const old = `token = "ghp_${repeat(ALNUM, 36)}"`;
    const fresh = `ghs_${repeat(ALNUM, 36)}`;
    expect(scanForSecrets([{ where: 'f', content: `${old}\nchanged`, before: old }], [])).toEqual([]);
    expect(scanForSecrets([{ where: 'f', content: `${old}\n${fresh}`, before: old }], [])).toEqual([
      { where: 'f', kind: 'GitHub token' },
    ]);
  });
});

describe('scanForSecrets: the configured secrets in every encoding', () => {
  const bytes = Buffer.from(SECRET);
  const encodings: Array<[string, string]> = [
    ['plain', SECRET],
    ['reversed', [...SECRET].reverse().join('')],
    ['hex', bytes.toString('hex')],
    ['HEX', bytes.toString('hex').toUpperCase()],
    ['URL-encoded', [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')],
    ['URL-ENCODED', [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')],
  ];
  for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
    encodings.push([
      `base64 after ${prefix.length} bytes`,
      Buffer.from(prefix + SECRET + 'tail').toString('base64'),
    ]);
    encodings.push([
      `base64url after ${prefix.length} bytes`,
      Buffer.from(prefix + SECRET + '??>').toString('base64url'),
    ]);
  }
  encodings.push([
    'base64 wrapped at 76 columns',
    Buffer.from(`${'x'.repeat(50)}${SECRET}`)
      .toString('base64')
      .replace(/(.{20})/g, '$1\n'),
  ]);

  it.each(encodings)('finds it %s', (_name, text) => {
    expect(kinds(`prefix ${text} suffix`).length).toBeGreaterThan(0);
  });

  it('finds a secret with characters URL-encoding changes', () => {
    const special = 'p@ss/w0rd+key=';
    expect(kinds(`?token=${encodeURIComponent(special)}`, [special])).toContain(
      'configured secret (URL-encoded)',
    );
  });

  it('ignores values too short to be secrets, and text without them', () => {
    expect(kinds('12345 abc', ['12345'])).toEqual([]);
    expect(kinds('nothing here')).toEqual([]);
  });
});

describe('scanPatchForSecrets', () => {
  const patch = (
    content: string,
    path = 'src/a.ts',
    message = 'Add a (#1)',
  ): Pick<AttemptPatch, 'commits'> => ({
    commits: [
      {
        issue: 1,
        message,
        changes: [
          { action: 'write', path, mode: '100644', contentBase64: Buffer.from(content).toString('base64') },
        ],
      },
    ],
  });

  it('scans contents, paths, commit messages and the texts the caller will publish, and never repeats the value', () => {
    expect(scanPatchForSecrets(patch(`k=${Buffer.from(SECRET).toString('base64')}`), [SECRET])).toEqual([
      { where: 'commit 1: src/a.ts', kind: 'configured secret (base64)' },
    ]);
    expect(scanPatchForSecrets(patch('x', `keys/${SECRET}.txt`), [SECRET])[0]?.where).toBe(
      'commit 1: the path keys/***.txt',
    );
    expect(scanPatchForSecrets(patch('x', 'a', `leak ${SECRET}`), [SECRET])).toEqual([
      { where: 'commit 1 message', kind: 'configured secret' },
    ]);
    const findings = scanPatchForSecrets(patch('x'), [SECRET], {
      texts: [{ where: 'PR summary', text: [...SECRET].reverse().join('') }],
    });
    expect(findings).toEqual([{ where: 'PR summary', kind: 'configured secret (reversed)' }]);
    expect(describeSecretFindings(findings)).not.toContain(SECRET);
  });
});
