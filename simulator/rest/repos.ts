/** REST handlers: repository, contents, branches, commits, compare, collaborator permission, statuses. */
import type { SimHandler, SimRequest } from '../host.js';
import { presentCommit } from '../payloads/commit.js';
import { presentFullRepository, presentRepository } from '../payloads/repository.js';
import { presentSimpleUser } from '../payloads/user.js';
import type { SimStore } from '../state/store.js';
import { notFound, SimError } from '../state/sim-error.js';
import type { CommitStatusRecord, RepoRecord } from '../state/types.js';
import { paginate } from './paginate.js';
import { actorOf, bodyObject, ok, optionalString, repoKeyOf, requiredString } from './request-helpers.js';

/** Settings `PATCH /repos/{owner}/{repo}` may change: REST field → RepoRecord field. */
const SETTINGS = {
  delete_branch_on_merge: 'deleteBranchOnMerge',
  allow_auto_merge: 'allowAutoMerge',
} as const;

/** The legacy base role the permission endpoint reports (maintain → write, triage → read). */
const LEGACY_ROLE: Record<string, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

export function repoHandlers(store: SimStore): Record<string, SimHandler> {
  const repoOf = (req: SimRequest) => store.repos.require(repoKeyOf(req));
  const bare = (repo: RepoRecord) => store.repos.bare(repo);
  const resolve = (repo: RepoRecord, ref: string) => {
    const sha = bare(repo).resolveCommit(ref);
    if (!sha) throw new SimError(422, `No commit found for SHA: ${ref}`);
    return sha;
  };
  const commitJson = (repo: RepoRecord, sha: string) =>
    presentCommit(store, repo, bare(repo).readCommit(sha));
  const statusJson = (status: CommitStatusRecord) => ({
    url: `${store.urls.api}/repos/${status.repo}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: status.nodeId,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: presentSimpleUser(store.urls, store.users.require(status.creator)),
  });

  return {
    get: (req) => ok(presentFullRepository(store, repoOf(req), req.auth.login)),

    /**
     * `PATCH /repos/{owner}/{repo}` for the settings the simulator models (`delete_branch_on_merge`,
     * `allow_auto_merge`); any other field answers 422 naming it, rather than being ignored.
     */
    update: (req) => {
      const body = bodyObject(req);
      const unsupported = Object.keys(body).filter((field) => !(field in SETTINGS));
      if (unsupported.length > 0) {
        throw new SimError(
          422,
          `The GitHub simulator does not implement updating ${unsupported.join(', ')}.`,
        );
      }
      const settings: { deleteBranchOnMerge?: boolean; allowAutoMerge?: boolean } = {};
      for (const [field, key] of Object.entries(SETTINGS)) {
        const value = body[field];
        if (value === undefined) continue;
        if (typeof value !== 'boolean') {
          throw new SimError(
            422,
            `Invalid request.\n\nFor '${field}', ${JSON.stringify(value)} is not a boolean.`,
            [{ resource: 'Repository', field, code: 'invalid' }],
          );
        }
        settings[key] = value;
      }
      const repo = store.repos.updateSettings(repoKeyOf(req), settings);
      return ok(presentFullRepository(store, repo, req.auth.login));
    },

    getContent: (req) => {
      const repo = repoOf(req);
      const ref = req.query.get('ref') ?? repo.defaultBranch;
      const commit = bare(repo).resolveCommit(ref);
      if (!commit) throw new SimError(404, `No commit found for the ref ${ref}`);
      const filePath = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
      const entry = bare(repo).entryAt(commit, filePath);
      if (!entry) throw notFound();
      if (entry.type === 'tree') {
        const children = bare(repo).readTree(`${commit}:${filePath}`, false);
        return ok(
          children.map((child) =>
            contentItem(store, repo, ref, { ...child, path: `${filePath}/${child.path}` }),
          ),
        );
      }
      const content = bare(repo).readBlob(entry.sha);
      if (/vnd\.github(\.v3)?\.raw/.test(String(req.headers.accept))) {
        return {
          status: 200,
          raw: content,
          headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' },
        };
      }
      return ok({
        ...contentItem(store, repo, ref, entry),
        content: content.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
      });
    },

    listBranches: (req) => {
      const repo = repoOf(req);
      const branches = [...repo.branches.entries()].sort(([a], [b]) => a.localeCompare(b));
      return paginate(req, store.urls.api, branches, ([name, sha]) => ({
        name,
        commit: { sha, url: `${store.urls.api}/repos/${repo.fullName}/commits/${sha}` },
        protected: store.protection.requiredChecks(repo.fullName, name) !== null,
      }));
    },

    getBranch: (req) => {
      const repo = repoOf(req);
      const name = req.params.branch ?? '';
      const sha = repo.branches.get(name);
      if (!sha) throw new SimError(404, 'Branch not found');
      const required = store.protection.requiredChecks(repo.fullName, name);
      const isProtected = required !== null;
      const base = `${store.urls.api}/repos/${repo.fullName}/branches/${name}`;
      return ok({
        name,
        commit: commitJson(repo, sha),
        _links: { self: base, html: `${store.urls.web}/${repo.fullName}/tree/${name}` },
        protected: isProtected,
        protection: {
          enabled: isProtected,
          required_status_checks: {
            enforcement_level: isProtected ? 'non_admins' : 'off',
            contexts: required?.contexts ?? [],
            checks: [],
          },
        },
        protection_url: `${base}/protection`,
      });
    },

    getCommit: (req) => {
      const repo = repoOf(req);
      const sha = bare(repo).resolveCommit(req.params.ref ?? '');
      if (!sha) throw new SimError(422, `No commit found for SHA: ${req.params.ref}`);
      const info = bare(repo).readCommit(sha);
      const parent = info.parents[0];
      const stats = parent
        ? bare(repo).diffStats(parent, sha)
        : { additions: 0, deletions: 0, changedFiles: 0 };
      return ok({
        ...commitJson(repo, sha),
        stats: {
          additions: stats.additions,
          deletions: stats.deletions,
          total: stats.additions + stats.deletions,
        },
        files: [],
      });
    },

    compare: (req) => {
      const repo = repoOf(req);
      const [baseRef, headRef] = (req.params.basehead ?? '').split('...');
      if (!baseRef || !headRef) throw notFound();
      const base = resolve(repo, baseRef);
      const head = resolve(repo, headRef);
      const mergeBase = bare(repo).mergeBase(base, head) ?? base;
      const ahead = bare(repo).commitsBetween(base, head);
      const behind = bare(repo).commitsBetween(head, base);
      const status =
        base === head
          ? 'identical'
          : behind.length === 0
            ? 'ahead'
            : ahead.length === 0
              ? 'behind'
              : 'diverged';
      const url = `${store.urls.api}/repos/${repo.fullName}/compare/${baseRef}...${headRef}`;
      const web = `${store.urls.web}/${repo.fullName}/compare/${baseRef}...${headRef}`;
      return ok({
        url,
        html_url: web,
        permalink_url: `${store.urls.web}/${repo.fullName}/compare/${base}...${head}`,
        diff_url: `${web}.diff`,
        patch_url: `${web}.patch`,
        base_commit: commitJson(repo, base),
        merge_base_commit: commitJson(repo, mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.map((sha) => commitJson(repo, sha)),
        files: [],
      });
    },

    collaboratorPermission: (req) => {
      const repo = repoOf(req);
      const user = store.users.require(req.params.username ?? '');
      const role = store.repos.role(repo, user.login);
      return ok({
        permission: role ? LEGACY_ROLE[role] : 'none',
        role_name: role ?? 'none',
        user: {
          ...presentSimpleUser(store.urls, user),
          permissions: { ...store.repos.permissionFlags(repo, user.login) },
          role_name: role ?? 'none',
        },
      });
    },

    createStatus: (req) => {
      const body = bodyObject(req);
      const status = store.statuses.create(repoKeyOf(req), req.params.sha ?? '', actorOf(store, req).login, {
        state: requiredString(body, 'state', 'Status') as CommitStatusRecord['state'],
        context: optionalString(body, 'context', 'Status') ?? 'default',
        description: optionalString(body, 'description', 'Status') ?? null,
        target_url: optionalString(body, 'target_url', 'Status') ?? null,
      });
      return ok(statusJson(status), 201);
    },

    combinedStatus: (req) => {
      const repo = repoOf(req);
      const sha = resolve(repo, req.params.ref ?? '');
      const statuses = store.statuses.latest(repo.fullName, sha);
      return ok({
        state: store.statuses.combinedState(repo.fullName, sha),
        statuses: statuses.map(statusJson),
        sha,
        total_count: statuses.length,
        repository: presentRepository(store, repo),
        commit_url: `${store.urls.api}/repos/${repo.fullName}/commits/${sha}`,
        url: `${store.urls.api}/repos/${repo.fullName}/commits/${sha}/status`,
      });
    },

    listStatuses: (req) => {
      const repo = repoOf(req);
      const sha = resolve(repo, req.params.ref ?? '');
      return paginate(req, store.urls.api, store.statuses.forSha(repo.fullName, sha), statusJson);
    },
  };
}

function contentItem(
  store: SimStore,
  repo: RepoRecord,
  ref: string,
  entry: { path: string; sha: string; type: string; size?: number },
) {
  const self = `${store.urls.api}/repos/${repo.fullName}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  const isDir = entry.type === 'tree';
  const git = `${store.urls.api}/repos/${repo.fullName}/git/${isDir ? 'trees' : 'blobs'}/${entry.sha}`;
  const html = `${store.urls.web}/${repo.fullName}/${isDir ? 'tree' : 'blob'}/${ref}/${entry.path}`;
  return {
    type: isDir ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file',
    size: entry.size ?? 0,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: isDir ? null : `${store.urls.web}/${repo.fullName}/raw/${ref}/${entry.path}`,
    _links: { self, git, html },
  };
}
