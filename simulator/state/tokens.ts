/**
 * Tokens and what they may do. Formats follow GitHub's prefixes: `ghs_` for installation and
 * job (GITHUB_TOKEN) tokens, `ghp_` for personal tokens.
 */
import { randomBytes } from 'node:crypto';
import type { SimStore } from './store.js';
import { SimError } from './sim-error.js';
import type { TokenPermission, TokenRecord } from './types.js';

/** Installation tokens expire after one hour (docs: "Generating an installation access token"). */
const INSTALLATION_TOKEN_TTL_MS = 60 * 60 * 1000;

export class TokenStore {
  private readonly byToken = new Map<string, TokenRecord>();

  constructor(private readonly store: SimStore) {}

  /** A personal token for a user (acts with the user's repository roles). */
  mintUser(login: string): string {
    const user = this.store.users.require(login);
    return this.add({
      token: `ghp_${random()}`,
      kind: 'user',
      login: user.login,
      permissions: {},
      label: user.login,
    });
  }

  mintInstallation(installationId: number, permissions?: Record<string, TokenPermission>): TokenRecord {
    const installation = this.store.installations.require(installationId);
    const granted = this.store.app.permissions;
    const wanted = permissions ?? granted;
    for (const [scope, level] of Object.entries(wanted)) {
      if (!allows(granted[scope], level)) {
        throw new SimError(
          422,
          `The permissions requested are not granted to this installation: ${scope}=${level}`,
        );
      }
    }
    const expiresAt = new Date(Date.now() + INSTALLATION_TOKEN_TTL_MS)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const record: TokenRecord = {
      token: `ghs_${random()}`,
      kind: 'installation',
      login: this.store.appBotLogin,
      installationId: installation.id,
      permissions: { ...wanted },
      expiresAt,
      label: `installation:${installation.id}`,
    };
    this.add(record);
    return record;
  }

  /** A workflow job's GITHUB_TOKEN: one repository, the job's permissions. */
  mintJob(repoKey: string, permissions: Record<string, TokenPermission>, label = 'job'): string {
    const repo = this.store.repos.require(repoKey);
    return this.add({
      token: `ghs_${random()}`,
      kind: 'job',
      login: 'github-actions[bot]',
      repo: repo.fullName,
      permissions: { metadata: 'read', ...permissions },
      label,
    });
  }

  resolve(token: string): TokenRecord | undefined {
    const record = this.byToken.get(token);
    if (!record) return undefined;
    if (record.expiresAt && record.expiresAt < new Date().toISOString()) return undefined;
    return record;
  }

  revoke(token: string): void {
    this.byToken.delete(token);
  }

  private add(record: TokenRecord): string {
    this.store.users.ensure(record.login, { type: record.kind === 'user' ? 'User' : 'Bot' });
    this.byToken.set(record.token, record);
    return record.token;
  }
}

/** Whether a granted level covers a wanted one (`write` implies `read`). */
export function allows(granted: TokenPermission | undefined, wanted: TokenPermission): boolean {
  if (!granted) return false;
  return granted === 'write' || wanted === 'read';
}

/** 36 characters after the prefix, like GitHub's tokens. */
const random = (): string => randomBytes(27).toString('base64url').replace(/[-_]/g, 'x');
