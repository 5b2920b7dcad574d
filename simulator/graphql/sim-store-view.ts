/** The simulator's state store seen through the interface the GraphQL resolvers use. */
import { GITHUB_ACTIONS_APP } from '../state/checks.js';
import { commitContexts } from '../state/commit-checks.js';
import { commitOnBranch } from '../state/commit-on-branch.js';
import type { SimStore } from '../state/store.js';
import type { GraphqlStore, NodeRecord } from './graphql-store.js';

export function graphqlStoreView(store: SimStore): GraphqlStore {
  return {
    webUrl: store.urls.web,
    repo: (owner, name) => store.repos.find(owner, name),
    roleOf: (repo, login) => store.repos.role(repo, login),
    installationCovers: (installationId, repo) => {
      const installation = store.installations.get(installationId);
      return installation !== undefined && store.installations.covers(installation, repo.fullName);
    },
    issues: (repo) =>
      store.issues.list(repo.fullName, { state: 'all', includePulls: false, direction: 'asc' }),
    issueById: (id) => store.issues.byId(id),
    issueByNumber: (repo, number) => store.issues.get(repo.fullName, number),
    pulls: (repo) => store.pulls.list(repo.fullName, { state: 'all', direction: 'asc' }),
    pullByNumber: (repo, number) => store.pulls.get(repo.fullName, number),
    repoOf: (record) => store.repos.require(record.repo),
    user: (login) => store.users.get(login),
    byNodeId: (nodeId) => nodeRecord(store, nodeId),
    projects: () => store.projects.all(),
    repoById: (id) => store.repos.all().find((repo) => repo.id === id),
    refTarget: (repo, ref) => store.git.getRef(repo.fullName, ref),
    refNames: (repo, prefix) => store.git.matchingRefs(repo.fullName, prefix).map((ref) => ref.ref),
    commit: (repo, sha) => {
      const bare = store.repos.bare(repo);
      return /^[0-9a-f]{40}$/.test(sha) && bare.objectType(sha) === 'commit'
        ? bare.readCommit(sha)
        : undefined;
    },
    isVerified: (sha) => store.git.isVerified(sha),
    pullCommits: (pull) => store.pulls.commitShas(pull),
    commitContexts: (repo, sha) => commitContexts(store, repo.fullName, sha),
    requiredContexts: (repo, branch) =>
      store.protection.requiredChecks(repo.fullName, branch)?.contexts ?? [],
    checkSuite: (repo, id) => store.checks.getSuite(repo.fullName, id),
    checkSuiteState: (suite) => store.checks.suiteState(suite),
    checkApp: (suite) =>
      suite.app === 'app'
        ? { databaseId: store.app.id, name: store.app.name, slug: store.app.slug, nodeId: store.app.nodeId }
        : {
            databaseId: GITHUB_ACTIONS_APP.id,
            name: GITHUB_ACTIONS_APP.name,
            slug: GITHUB_ACTIONS_APP.slug,
            nodeId: 'MDM6QXBwMTUzNjg=',
          },
    timeline: (issue) => store.timeline.forIssue(issue.id),
    contentEdits: (nodeId) => store.contentEdits.forNode(nodeId),
    comments: (issue) => store.comments.list(issue.repo, issue.number),

    addSubIssue: (parent, child, replaceParent, actor) => {
      store.subIssues.add(parent, child.id, actor, replaceParent);
    },
    removeSubIssue: (parent, child, actor) => {
      store.subIssues.remove(parent, child.id, actor);
    },
    reprioritizeSubIssue: (parent, child, position) => {
      store.subIssues.reprioritize(parent, child.id, {
        ...(position.after ? { afterId: position.after.id } : {}),
        ...(position.before ? { beforeId: position.before.id } : {}),
      });
    },
    addBlockedBy: (issue, blocking, actor) => {
      store.dependencies.addBlockedBy(issue, blocking.id, actor);
    },
    removeBlockedBy: (issue, blocking, actor) => {
      store.dependencies.removeBlockedBy(issue, blocking.id, actor);
    },
    addLabels: (issue, names, actor) => {
      store.issues.addLabels(issue.repo, issue.number, actor, names);
    },
    enableAutoMerge: (pull, request, actor) => {
      store.pulls.enableAutoMerge(
        pull.repo,
        pull.number,
        actor,
        request.mergeMethod,
        request.commitTitle,
        request.commitMessage,
      );
    },
    disableAutoMerge: (pull, actor) => {
      store.pulls.disableAutoMerge(pull.repo, pull.number, actor);
    },
    merge: (pull, request, actor) => {
      store.pulls.merge(pull.repo, pull.number, actor, {
        merge_method: request.mergeMethod,
        ...(request.commitTitle !== null ? { commit_title: request.commitTitle } : {}),
        ...(request.commitMessage !== null ? { commit_message: request.commitMessage } : {}),
        ...(request.expectedHeadSha !== null ? { sha: request.expectedHeadSha } : {}),
      });
    },
    updateBranch: (pull, expectedHeadSha, actor) => {
      store.pulls.updateBranch(pull.repo, pull.number, actor, expectedHeadSha ?? undefined);
    },
    commitOnBranch: (repo, writer, input) => commitOnBranch(store, repo.fullName, writer, input),
    addProjectItem: (project, contentNodeId, actor) =>
      store.projects.addItem(project.nodeId, contentNodeId, actor.login),
    setProjectItemValue: (project, item, fieldNodeId, value, actor) =>
      store.projects.updateItemField(project.nodeId, item.nodeId, fieldNodeId, value, actor.login),
  };
}

function nodeRecord(store: SimStore, nodeId: string): NodeRecord | undefined {
  const ref = store.node(nodeId);
  if (!ref) return undefined;
  switch (ref.kind) {
    case 'Issue': {
      const record = store.issues.byId(ref.id);
      return record && { kind: 'Issue', record };
    }
    case 'PullRequest': {
      const record = store.pulls.byNodeId(nodeId);
      return record && { kind: 'PullRequest', record };
    }
    case 'Repository': {
      const record = store.repos.all().find((repo) => repo.id === ref.id);
      return record && { kind: 'Repository', record };
    }
    case 'User':
    case 'Bot':
    case 'Organization': {
      const record = store.users.byId(ref.id);
      return record && { kind: ref.kind, record };
    }
    case 'Label':
      return labelRecord(store, ref.id);
    case 'ProjectV2': {
      const record = store.projects.byNodeId(nodeId);
      return record && { kind: 'ProjectV2', record };
    }
    case 'ProjectV2Item':
      return projectItemRecord(store, nodeId);
    default:
      return undefined;
  }
}

function labelRecord(store: SimStore, id: number): NodeRecord | undefined {
  for (const repo of store.repos.all()) {
    const record = [...repo.labels.values()].find((label) => label.id === id);
    if (record) return { kind: 'Label', record, repo };
  }
  return undefined;
}

function projectItemRecord(store: SimStore, nodeId: string): NodeRecord | undefined {
  for (const project of store.projects.all()) {
    const record = project.items.find((item) => item.nodeId === nodeId);
    if (record) return { kind: 'ProjectV2Item', record, project };
  }
  return undefined;
}
