/** Users, bots and organizations, by login (case-insensitive like GitHub). */
import type { SimStore } from './store.js';
import { notFound, SimError } from './sim-error.js';
import type { UserRecord } from './types.js';

export interface CreateUserOptions {
  type?: UserRecord['type'];
  email?: string;
  name?: string;
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/;

export class UserStore {
  private readonly byLogin = new Map<string, UserRecord>();
  private readonly byNumericId = new Map<number, UserRecord>();

  constructor(private readonly store: SimStore) {}

  create(login: string, options: CreateUserOptions = {}): UserRecord {
    if (!LOGIN.test(login))
      throw new SimError(422, `Invalid login "${login}": letters, digits and hyphens only`);
    if (this.get(login)) throw new SimError(422, `Login "${login}" is already taken`);
    const type = options.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const kind = type === 'Organization' ? 'Organization' : type === 'Bot' ? 'Bot' : 'User';
    const { id, nodeId } = this.store.newIdentity(kind);
    const user: UserRecord = {
      id,
      nodeId,
      login,
      type,
      email: options.email ?? null,
      name: options.name ?? null,
      createdAt: this.store.now(),
    };
    this.byLogin.set(login.toLowerCase(), user);
    this.byNumericId.set(id, user);
    return user;
  }

  /** The user, created first if unknown. */
  ensure(login: string, options: CreateUserOptions = {}): UserRecord {
    return this.get(login) ?? this.create(login, options);
  }

  get(login: string): UserRecord | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  require(login: string): UserRecord {
    const user = this.get(login);
    if (!user) throw notFound();
    return user;
  }

  byId(id: number): UserRecord | undefined {
    return this.byNumericId.get(id);
  }

  all(): UserRecord[] {
    return [...this.byLogin.values()];
  }
}

/**
 * The email git commits carry for a user: their own, else GitHub's noreply address
 * (`<id>+<login>@users.noreply.github.com`). Bots drop the `[bot]` suffix here because the
 * webhook schemas check `format: email`, which brackets fail.
 */
export function commitEmail(user: UserRecord): string {
  return user.email ?? `${user.id}+${user.login.replace(/\[bot\]$/, '')}@users.noreply.github.com`;
}
