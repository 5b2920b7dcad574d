/** The simulated GitHub App and where it is installed. */
import { presentInstallation } from '../payloads/app.js';
import { presentRepository } from '../payloads/repository.js';
import { presentSimpleUser } from '../payloads/user.js';
import type { SimStore } from './store.js';
import { notFound } from './sim-error.js';
import type { InstallationRecord, TokenPermission } from './types.js';

export interface AppRecord {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  clientId: string;
  /** Login of the user who owns the app registration. */
  owner: string;
  /** PEM (PKCS#8) private key, as GitHub hands it out. */
  privateKey: string;
  publicKey: string;
  webhookSecret: string;
  permissions: Record<string, TokenPermission>;
  events: string[];
  createdAt: string;
}

export class InstallationStore {
  private readonly byNumericId = new Map<number, InstallationRecord>();

  constructor(private readonly store: SimStore) {}

  /** Installs the app on one repository (`owner/name`) or on a whole account (`owner`). */
  install(target: string): InstallationRecord {
    const [ownerLogin = '', repoName] = target.split('/');
    const account = this.store.users.require(ownerLogin);
    const repo = repoName ? this.store.repos.require(target) : undefined;
    const existing = this.forAccount(account.login);
    if (existing) {
      if (repo) existing.repos.add(repo.fullName);
      else existing.repositorySelection = 'all';
      return existing;
    }
    const { id, nodeId } = this.store.newIdentity('Installation');
    const installation: InstallationRecord = {
      id,
      nodeId,
      account: account.login,
      repositorySelection: repo ? 'selected' : 'all',
      repos: new Set(repo ? [repo.fullName] : []),
      createdAt: this.store.now(),
    };
    this.byNumericId.set(id, installation);
    this.emitCreated(installation);
    return installation;
  }

  get(id: number): InstallationRecord | undefined {
    return this.byNumericId.get(id);
  }

  require(id: number): InstallationRecord {
    const installation = this.get(id);
    if (!installation) throw notFound();
    return installation;
  }

  all(): InstallationRecord[] {
    return [...this.byNumericId.values()];
  }

  forAccount(login: string): InstallationRecord | undefined {
    return this.all().find((i) => i.account.toLowerCase() === login.toLowerCase());
  }

  /** The installation that covers a repository, if any. */
  forRepo(repoKey: string): InstallationRecord | undefined {
    const repo = this.store.repos.get(repoKey);
    if (!repo) return undefined;
    const installation = this.forAccount(repo.owner);
    if (!installation) return undefined;
    return this.covers(installation, repo.fullName) ? installation : undefined;
  }

  covers(installation: InstallationRecord, repoKey: string): boolean {
    const repo = this.store.repos.get(repoKey);
    if (!repo || repo.owner.toLowerCase() !== installation.account.toLowerCase()) return false;
    return installation.repositorySelection === 'all' || installation.repos.has(repo.fullName);
  }

  repositories(installation: InstallationRecord) {
    return this.store.repos.all().filter((repo) => this.covers(installation, repo.fullName));
  }

  private emitCreated(installation: InstallationRecord): void {
    const account = this.store.users.require(installation.account);
    this.store.env.emit('installation', {
      action: 'created',
      installation: presentInstallation(this.store, installation),
      repositories: this.repositories(installation).map((repo) => {
        const full = presentRepository(this.store, repo);
        return {
          id: full.id,
          node_id: full.node_id,
          name: full.name,
          full_name: full.full_name,
          private: full.private,
        };
      }),
      requester: null,
      sender: presentSimpleUser(this.store.urls, account),
    });
  }
}
