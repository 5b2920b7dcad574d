/** Repositories: records, roles of people on them, and their bare git repositories. */
import path from 'node:path';
import { BareRepo } from '../git/bare-repo.js';
import type { SimStore } from './store.js';
import { commitEmail } from './users.js';
import { notFound, SimError } from './sim-error.js';
import { roleAtLeast, type RepoRecord, type RepoRole } from './types.js';

export interface CreateRepoOptions {
  defaultBranch?: string;
  /** Initial files (path → utf-8 text, or bytes as they are), committed as the default branch's first commit. */
  files?: Record<string, string | Uint8Array>;
  private?: boolean;
  requiredChecks?: string[];
  /** GitHub's default is false; the simulator allows auto-merge unless told otherwise. */
  allowAutoMerge?: boolean;
  deleteBranchOnMerge?: boolean;
}

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export class RepoStore {
  private readonly byKey = new Map<string, RepoRecord>();
  private readonly bareRepos = new Map<string, BareRepo>();

  constructor(private readonly store: SimStore) {}

  create(owner: string, name: string, options: CreateRepoOptions = {}): RepoRecord {
    if (!NAME.test(name) || name.endsWith('.git'))
      throw new SimError(422, `Invalid repository name "${name}"`);
    const ownerUser = this.store.users.ensure(owner);
    const fullName = `${ownerUser.login}/${name}`;
    if (this.get(fullName)) throw new SimError(422, `Repository ${fullName} already exists`);
    const { id, nodeId } = this.store.newIdentity('Repository');
    const now = this.store.now();
    const defaultBranch = options.defaultBranch ?? 'main';
    const gitDir = path.join(this.store.env.reposDir, ownerUser.login, `${name}.git`);
    const repo: RepoRecord = {
      id,
      nodeId,
      owner: ownerUser.login,
      name,
      fullName,
      private: options.private ?? false,
      defaultBranch,
      requiredChecks: options.requiredChecks ?? [],
      allowAutoMerge: options.allowAutoMerge ?? true,
      deleteBranchOnMerge: options.deleteBranchOnMerge ?? false,
      permissions: new Map([[ownerUser.login.toLowerCase(), 'admin']]),
      labels: new Map(),
      branches: new Map(),
      secrets: new Map(),
      gitDir,
      lastNumber: 0,
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
    };
    const bare = BareRepo.init(gitDir, this.store.env.gitHome, defaultBranch, {
      restrictedPushers: this.pushersWithoutWorkflows(),
    });
    this.byKey.set(fullName.toLowerCase(), repo);
    this.bareRepos.set(fullName.toLowerCase(), bare);
    this.commitInitialFiles(repo, bare, options.files ?? { 'README.md': `# ${name}\n` });
    return repo;
  }

  /**
   * Bots whose git pushes may not touch `.github/workflows/`: the app's, unless the app was
   * granted `workflows: write`, and Actions' `github-actions[bot]`, whose GITHUB_TOKEN can never
   * have it.
   */
  private pushersWithoutWorkflows(): string[] {
    const bots = ['github-actions[bot]'];
    if (this.store.app.permissions.workflows !== 'write') bots.push(this.store.appBotLogin);
    return bots;
  }

  /**
   * Repository settings a `PATCH /repos/{owner}/{repo}` may change (the ones the simulator
   * models); returns the repository.
   */
  updateSettings(
    fullName: string,
    settings: { deleteBranchOnMerge?: boolean; allowAutoMerge?: boolean },
  ): RepoRecord {
    const repo = this.require(fullName);
    if (settings.deleteBranchOnMerge !== undefined) repo.deleteBranchOnMerge = settings.deleteBranchOnMerge;
    if (settings.allowAutoMerge !== undefined) repo.allowAutoMerge = settings.allowAutoMerge;
    repo.updatedAt = this.store.now();
    return repo;
  }

  private commitInitialFiles(
    repo: RepoRecord,
    bare: BareRepo,
    files: Record<string, string | Uint8Array>,
  ): void {
    const owner = this.store.users.require(repo.owner);
    const identity = {
      name: owner.login,
      email: commitEmail(owner),
      date: repo.createdAt,
    };
    const contents = Object.fromEntries(
      Object.entries(files).map(([file, content]) => [
        file,
        typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
      ]),
    );
    const sha = bare.importInitialCommit(repo.defaultBranch, contents, 'Initial commit\n', identity);
    repo.branches.set(repo.defaultBranch, sha);
  }

  get(fullName: string): RepoRecord | undefined {
    return this.byKey.get(fullName.toLowerCase());
  }

  find(owner: string, name: string): RepoRecord | undefined {
    return this.get(`${owner}/${name}`);
  }

  /** The repository, or a 404 (as GitHub answers for unknown and invisible repositories alike). */
  require(fullName: string): RepoRecord {
    const repo = this.get(fullName);
    if (!repo) throw notFound();
    return repo;
  }

  all(): RepoRecord[] {
    return [...this.byKey.values()];
  }

  bare(repo: RepoRecord): BareRepo {
    const bare = this.bareRepos.get(repo.fullName.toLowerCase());
    if (!bare) throw notFound();
    return bare;
  }

  setPermission(fullName: string, login: string, role: RepoRole | null): void {
    const repo = this.require(fullName);
    const user = this.store.users.ensure(login);
    if (role === null) repo.permissions.delete(user.login.toLowerCase());
    else repo.permissions.set(user.login.toLowerCase(), role);
  }

  /** A person's role on the repository; public repositories give everyone `read`. */
  role(repo: RepoRecord, login: string | null): RepoRole | undefined {
    const explicit = login ? repo.permissions.get(login.toLowerCase()) : undefined;
    if (explicit) return explicit;
    return repo.private ? undefined : 'read';
  }

  canRead(repo: RepoRecord, login: string | null): boolean {
    return this.role(repo, login) !== undefined;
  }

  /** `author_association` of a login on this repository. */
  authorAssociation(repo: RepoRecord, login: string): string {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
    if (repo.permissions.has(login.toLowerCase())) return 'COLLABORATOR';
    return 'NONE';
  }

  /** The `permissions` object of a repository as seen by `login`. */
  permissionFlags(repo: RepoRecord, login: string | null): Record<string, boolean> {
    const role = this.role(repo, login);
    return {
      admin: roleAtLeast(role, 'admin'),
      maintain: roleAtLeast(role, 'maintain'),
      push: roleAtLeast(role, 'write'),
      triage: roleAtLeast(role, 'triage'),
      pull: roleAtLeast(role, 'read'),
    };
  }

  setSecret(fullName: string, name: string, value: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.toUpperCase().startsWith('GITHUB_')) {
      throw new SimError(422, `Invalid secret name "${name}"`);
    }
    this.require(fullName).secrets.set(name, value);
  }

  /** The next issue/pull request number. */
  takeNumber(repo: RepoRecord): number {
    repo.lastNumber += 1;
    return repo.lastNumber;
  }
}
