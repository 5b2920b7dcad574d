/** REST handlers: the Git Data API (blobs, trees, commits, refs). */
import type { SimHandler, SimRequest } from '../host.js';
import { presentGitCommit } from '../payloads/commit.js';
import { refNodeId } from '../state/ref-node-id.js';
import { writerOf } from '../state/ref-writer.js';
import type { SimStore } from '../state/store.js';
import { notFound, SimError } from '../state/sim-error.js';
import type { RepoRecord } from '../state/types.js';
import { bodyObject, noContent, ok, optionalString, repoKeyOf, requiredString } from './request-helpers.js';

export function gitDataHandlers(store: SimStore): Record<string, SimHandler> {
  const repoOf = (req: SimRequest) => store.repos.require(repoKeyOf(req));
  const api = (repo: RepoRecord) => `${store.urls.api}/repos/${repo.fullName}/git`;
  const refJson = (repo: RepoRecord, ref: { ref: string; sha: string; type: string }) => ({
    ref: ref.ref,
    node_id: refNodeId(repo.id, ref.ref),
    url: `${api(repo)}/${ref.ref}`,
    object: { type: ref.type, sha: ref.sha, url: `${api(repo)}/${ref.type}s/${ref.sha}` },
  });
  const treeJson = (repo: RepoRecord, sha: string, recursive: boolean) => ({
    sha,
    url: `${api(repo)}/trees/${sha}`,
    tree: store.repos
      .bare(repo)
      .readTree(sha, recursive)
      .map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.size !== undefined && { size: e.size }),
        url: `${api(repo)}/${e.type}s/${e.sha}`,
      })),
    truncated: false,
  });
  // GitHub builds the name as "refs/" + the path's rest: `heads/main`, never `refs/heads/main`
  // (which names `refs/refs/heads/main` and so answers "Reference does not exist").
  const fullRef = (req: SimRequest) => `refs/${req.params.ref ?? ''}`;

  return {
    createBlob: (req) => {
      const body = bodyObject(req);
      const encoding = (optionalString(body, 'encoding', 'Blob') ?? 'utf-8') as 'utf-8';
      const sha = store.git.createBlob(repoKeyOf(req), requiredString(body, 'content', 'Blob'), encoding);
      return ok({ url: `${api(repoOf(req))}/blobs/${sha}`, sha }, 201);
    },
    getBlob: (req) => {
      const repo = repoOf(req);
      const sha = req.params.file_sha ?? '';
      const content = store.git.readBlob(repo.fullName, sha);
      return ok({
        sha,
        node_id: `B_kwDO${Buffer.from(sha).toString('base64url').slice(0, 24)}`,
        size: content.length,
        url: `${api(repo)}/blobs/${sha}`,
        content: content.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
      });
    },
    createTree: (req) => {
      const body = bodyObject(req);
      const baseTree = optionalString(body, 'base_tree', 'Tree');
      if (!Array.isArray(body.tree))
        throw new SimError(422, 'Invalid request.\n\n"tree" wasn\'t supplied.', [
          { resource: 'Tree', field: 'tree', code: 'missing_field' },
        ]);
      const repo = repoOf(req);
      const sha = store.git.createTree(repo.fullName, baseTree, body.tree);
      return ok(treeJson(repo, sha, false), 201);
    },
    getTree: (req) => {
      const repo = repoOf(req);
      const sha = req.params.tree_sha ?? '';
      const bare = store.repos.bare(repo);
      const tree =
        bare.objectType(sha) === 'tree'
          ? sha
          : bare.resolveCommit(sha) && bare.readCommit(bare.resolveCommit(sha) as string).tree;
      if (!tree) throw notFound();
      const recursive =
        Boolean(req.query.get('recursive')) &&
        req.query.get('recursive') !== '0' &&
        req.query.get('recursive') !== 'false';
      return ok(treeJson(repo, tree, recursive));
    },
    createCommit: (req) => {
      const body = bodyObject(req);
      const repo = repoOf(req);
      const sha = store.git.createCommit(repo.fullName, writerOf(req.auth), {
        message: requiredString(body, 'message', 'Commit'),
        tree: requiredString(body, 'tree', 'Commit'),
        parents: (body.parents as string[] | undefined) ?? [],
        ...(body.author !== undefined && { author: body.author as { name: string; email: string } }),
        ...(body.committer !== undefined && {
          committer: body.committer as { name: string; email: string },
        }),
      });
      return ok(presentGitCommit(store, repo, store.repos.bare(repo).readCommit(sha)), 201);
    },
    getCommit: (req) => {
      const repo = repoOf(req);
      const sha = req.params.commit_sha ?? '';
      if (store.repos.bare(repo).objectType(sha) !== 'commit') throw notFound();
      return ok(presentGitCommit(store, repo, store.repos.bare(repo).readCommit(sha)));
    },
    getRef: (req) => {
      const repo = repoOf(req);
      const ref = store.git.getRef(repo.fullName, fullRef(req));
      if (!ref) throw notFound();
      return ok(refJson(repo, ref));
    },
    matchingRefs: (req) => {
      const repo = repoOf(req);
      return ok(store.git.matchingRefs(repo.fullName, fullRef(req)).map((ref) => refJson(repo, ref)));
    },
    createRef: (req) => {
      const body = bodyObject(req);
      const repo = repoOf(req);
      const ref = requiredString(body, 'ref', 'Reference');
      store.git.createRef(repo.fullName, writerOf(req.auth), ref, requiredString(body, 'sha', 'Reference'));
      const created = store.git.getRef(repo.fullName, ref);
      if (!created) throw notFound();
      return ok(refJson(repo, created), 201, { location: `${api(repo)}/${ref}` });
    },
    updateRef: (req) => {
      const body = bodyObject(req);
      const repo = repoOf(req);
      const ref = fullRef(req);
      store.git.updateRef(
        repo.fullName,
        writerOf(req.auth),
        ref,
        requiredString(body, 'sha', 'Reference'),
        body.force === true,
      );
      return ok(
        refJson(repo, store.git.getRef(repo.fullName, ref) as { ref: string; sha: string; type: string }),
      );
    },
    deleteRef: (req) => {
      store.git.deleteRef(repoKeyOf(req), writerOf(req.auth), fullRef(req));
      return noContent();
    },
  };
}
