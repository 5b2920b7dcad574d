/**
 * Secrets in what an agent produced: file contents, paths, commit messages, the PR text. Used
 * by the action (before it uploads the artifact) and by the app (before it writes anything),
 * so a compromised job that skips the action's check still meets the app's.
 *
 * Two kinds of match:
 * - Known token formats, as their issuers document them (GitHub, Anthropic, OpenAI, AWS, Slack,
 *   PEM private keys, …). A token already present in the file before the change is not a new
 *   leak and is not reported when the caller supplies the old content.
 * - The values of the configured secrets (model keys, tokens) in plain text and in the
 *   encodings a naive exfiltration uses: base64 (standard and URL alphabets, at each of the
 *   three byte alignments inside a longer encoded stream, line breaks ignored), hex (both
 *   cases), reversed, and URL-encoding.
 *
 * What it cannot do: an agent that holds a key can always encrypt or split it. This scan stops
 * accidental and naive leaks; the real bound is that the job holds only a model key with a
 * spending limit (docs/security.md).
 *
 * A finding never contains the secret, only where and what kind.
 */
import type { AttemptPatch } from './attempt-artifact.js';

export interface SecretFinding {
  /** e.g. `commit 1: src/config.ts`, `commit 2 message`, `PR summary`. */
  where: string;
  /** e.g. `GitHub token`, `configured secret (base64)`. */
  kind: string;
}

export interface ScanTarget {
  where: string;
  content: Uint8Array | string;
  /** The same file before the change: known-format tokens already in it are not new. */
  before?: Uint8Array | string | null;
}

/** Values shorter than this are not treated as secrets (they would match everywhere). */
export const MIN_SECRET_LENGTH = 6;

/** Documented sample credentials (AWS's `…EXAMPLE` keys) are not secrets. */
const SAMPLE = /EXAMPLE/;

const KNOWN_TOKENS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  // GitHub: ghp_ (classic PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (installation/GITHUB_TOKEN), ghr_ (refresh).
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,251}\b/g },
  { kind: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { kind: 'Anthropic key', pattern: /\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{32,}/g },
  { kind: 'OpenAI key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}/g },
  { kind: 'OpenAI-style key', pattern: /\bsk-(?!ant-|proj-|svcacct-|admin-)[A-Za-z0-9]{32,}\b/g },
  { kind: 'OpenRouter key', pattern: /\bsk-or-v1-[0-9a-f]{64}\b/g },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  {
    kind: 'AWS secret access key',
    pattern: /aws.{0,24}?(?:secret|private).{0,24}?[\s"'=:]([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
  },
  { kind: 'Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Slack app token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+/g },
  {
    kind: 'Slack webhook',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g,
  },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'Stripe key', pattern: /\b(?:sk|rk)_live_[0-9a-zA-Z]{24,}/g },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'Hugging Face token', pattern: /\bhf_[A-Za-z]{34}\b/g },
  { kind: 'Groq key', pattern: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { kind: 'xAI key', pattern: /\bxai-[A-Za-z0-9]{80}\b/g },
  { kind: 'PyPI token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
];

interface Needle {
  kind: string;
  bytes: Buffer;
  /** Also look for it with ASCII whitespace removed from the content (wrapped base64 or hex). */
  ignoreWhitespace: boolean;
}

/** The characters of base64(prefix + secret) that depend on the secret alone, for a prefix of 0, 1 or 2 bytes. */
function base64Cores(secret: Buffer, alphabet: 'base64' | 'base64url'): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret, Buffer.alloc(2)]).toString(alphabet);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + secret.length) * 8) / 6);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

function percentEncodeAll(secret: Buffer, upper: boolean): string {
  const hex = [...secret].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  return upper ? hex.toUpperCase() : hex;
}

/** Every encoded form of every secret that is looked for. */
export function secretNeedles(secrets: readonly string[]): Needle[] {
  const needles = new Map<string, Needle>();
  const add = (kind: string, text: string, ignoreWhitespace = false) => {
    if (text.length < MIN_SECRET_LENGTH) return;
    if (!needles.has(text)) needles.set(text, { kind, bytes: Buffer.from(text, 'utf8'), ignoreWhitespace });
  };
  for (const secret of new Set(secrets)) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const bytes = Buffer.from(secret, 'utf8');
    add('configured secret', secret);
    add('configured secret (reversed)', [...secret].reverse().join(''));
    for (const core of base64Cores(bytes, 'base64')) add('configured secret (base64)', core, true);
    for (const core of base64Cores(bytes, 'base64url')) add('configured secret (base64url)', core, true);
    add('configured secret (hex)', bytes.toString('hex'), true);
    add('configured secret (hex)', bytes.toString('hex').toUpperCase(), true);
    add('configured secret (URL-encoded)', encodeURIComponent(secret));
    add('configured secret (URL-encoded)', percentEncodeAll(bytes, false));
    add('configured secret (URL-encoded)', percentEncodeAll(bytes, true));
  }
  return [...needles.values()];
}

function toBuffer(content: Uint8Array | string): Buffer {
  return typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

function withoutWhitespace(buffer: Buffer): Buffer | null {
  if (!/[\t\n\r ]/.test(buffer.toString('latin1'))) return null;
  return Buffer.from(buffer.toString('latin1').replace(/[\t\n\r ]+/g, ''), 'latin1');
}

function knownTokens(text: string): Array<{ kind: string; token: string }> {
  const found: Array<{ kind: string; token: string }> = [];
  for (const { kind, pattern } of KNOWN_TOKENS) {
    for (const match of text.matchAll(pattern)) {
      const token = match[1] ?? match[0];
      if (!SAMPLE.test(token)) found.push({ kind, token });
    }
  }
  return found;
}

/** A path may itself hold the secret: the finding names it with the secret masked. */
function redactWhere(where: string, needles: readonly Needle[]): string {
  let safe = where;
  for (const needle of needles) safe = safe.split(needle.bytes.toString('utf8')).join('***');
  for (const { token } of knownTokens(safe)) safe = safe.split(token).join('***');
  return safe;
}

export function scanForSecrets(targets: readonly ScanTarget[], secrets: readonly string[]): SecretFinding[] {
  const needles = secretNeedles(secrets);
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  const report = (rawWhere: string, kind: string) => {
    const where = redactWhere(rawWhere, needles);
    const key = `${where}\n${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ where, kind });
  };
  for (const target of targets) {
    const buffer = toBuffer(target.content);
    const compact = needles.some((needle) => needle.ignoreWhitespace) ? withoutWhitespace(buffer) : null;
    for (const needle of needles) {
      if (buffer.includes(needle.bytes) || (needle.ignoreWhitespace && compact?.includes(needle.bytes)))
        report(target.where, needle.kind);
    }
    // latin1 maps each byte to one character, so binary content is scanned byte for byte.
    const previous = target.before == null ? '' : toBuffer(target.before).toString('latin1');
    for (const { kind, token } of knownTokens(buffer.toString('latin1'))) {
      if (!previous.includes(token)) report(target.where, kind);
    }
  }
  return findings;
}

export interface PatchScanOptions {
  /** The content a path had before the patch (known tokens already there are not new). */
  before?: (path: string) => Uint8Array | string | null | undefined;
  /** Other agent text the caller will publish (PR summary, reason). */
  texts?: ReadonlyArray<{ where: string; text: string }>;
}

export function scanPatchForSecrets(
  patch: Pick<AttemptPatch, 'commits'>,
  secrets: readonly string[],
  options: PatchScanOptions = {},
): SecretFinding[] {
  const targets: ScanTarget[] = [];
  patch.commits.forEach((commit, index) => {
    const label = `commit ${index + 1}`;
    targets.push({ where: `${label} message`, content: commit.message });
    for (const change of commit.changes) {
      targets.push({ where: `${label}: the path ${change.path}`, content: change.path });
      if (change.action !== 'write') continue;
      targets.push({
        where: `${label}: ${change.path}`,
        content: Buffer.from(change.contentBase64, 'base64'),
        before: options.before?.(change.path) ?? null,
      });
    }
  });
  for (const { where, text } of options.texts ?? []) targets.push({ where, content: text });
  return scanForSecrets(targets, secrets);
}

/** One sentence for a refusal: where and what, never the value. */
export function describeSecretFindings(findings: readonly SecretFinding[]): string {
  const shown = findings.slice(0, 5).map((finding) => `${finding.kind} in ${finding.where}`);
  const more = findings.length > 5 ? ` and ${findings.length - 5} more` : '';
  return `${shown.join('; ')}${more}`;
}
