/**
 * RepoGateway over Octokit: every read and write Drover makes on one repository. Writes look
 * before they create (our comment by marker and author, the dashboard by label and author,
 * the PR by head branch, the run by run name), so repeating any of them after a crash does
 * not double anything.
 */
import { GraphqlResponseError } from '@octokit/graphql';
import { readProjectStatuses } from '../projects/read-project-statuses.js';
import type { DroverConfig } from '../../core/config.js';
import type {
  CommentRef,
  CommitToWrite,
  MergeResult,
  PullRequestInfo,
  RepoGateway,
  RepoPermission,
  WorkflowRunInfo,
} from '../../core/gateway.js';
import type { AttemptRecord, RepoFullName, RunRecord, Snapshot } from '../../core/types.js';
import { isOurs, type AppIdentity, type AuthoredObject } from './app-identity.js';
import { dashboardLabel, RUN_MARKER_KEY, TASK_COMMENT_KEY } from './comment-keys.js';
import { findOwnComment, loadSnapshot, readRunRecord, splitRepo } from './load-snapshot.js';
import { composeBody, readData, visiblePart } from './markers.js';
import type { Octokit } from './octokit.js';
import { errorMessage, httpStatus, unlessStatus } from './request-error.js';
import { writeCommitsOnBranch } from './write-commits.js';

export interface GatewayOptions {
  identity: AppIdentity;
  labels: DroverConfig['labels'];
}

export interface RequestStats {
  requests: number;
  graphqlPoints: number;
}

export interface OctokitGateway extends RepoGateway {
  /** The dashboard issue's number, or null before the first run was recorded. */
  dashboardIssue(): Promise<number | null>;
  /** Requests made through this gateway so far (for the per-reconcile debug log). */
  stats(): RequestStats;
  /** The same gateway reading tasks by other label names (once the repo's config is known). */
  withLabels(labels: DroverConfig['labels']): OctokitGateway;
}

const DASHBOARD_TITLE = 'Drover dashboard';
const DASHBOARD_TEXT =
  'Drover keeps the state of the current `/drover run` here. Comment `/drover status` on this issue to see it.';
const TASK_COMMENT_TEXT = '**Drover** keeps this task’s attempts here.';

type RestPull = {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean;
  merged_at?: string | null;
  head: { ref: string; sha: string };
  mergeable?: boolean | null;
  mergeable_state?: string;
  node_id: string;
};

function toPullRequestInfo(pr: RestPull): PullRequestInfo {
  return {
    number: pr.number,
    url: pr.html_url,
    state: pr.state === 'open' ? 'open' : 'closed',
    merged: pr.merged === true || Boolean(pr.merged_at),
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    mergeable: pr.mergeable ?? null,
    mergeableState: pr.mergeable_state ?? 'unknown',
    nodeId: pr.node_id,
  };
}

type RestRun = {
  id: number;
  name?: string | null;
  display_title?: string;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  html_url: string;
};

function toRunInfo(run: RestRun): WorkflowRunInfo {
  return {
    id: run.id,
    name: run.display_title ?? run.name ?? '',
    status: run.status ?? 'unknown',
    conclusion: run.conclusion,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    url: run.html_url,
  };
}

const PERMISSIONS: readonly RepoPermission[] = ['admin', 'maintain', 'write', 'triage', 'read'];

export function createGateway(
  octokit: Octokit,
  repo: RepoFullName,
  options: GatewayOptions,
  sharedStats?: RequestStats,
): OctokitGateway {
  const { owner, name } = splitRepo(repo);
  const base = { owner, repo: name };
  const trusted = (object: AuthoredObject): boolean => isOurs(options.identity, object);
  const stats: RequestStats = sharedStats ?? { requests: 0, graphqlPoints: 0 };
  if (!sharedStats) {
    octokit.hook.before('request', () => {
      stats.requests += 1;
    });
  }

  async function findOwn(issue: number, key: string): Promise<CommentRef | null> {
    const comment = await findOwnComment(octokit, repo, issue, key, trusted);
    return comment ? { id: comment.id, body: comment.body ?? '', url: comment.html_url } : null;
  }

  async function writeComment(issue: number, existing: CommentRef | null, body: string): Promise<CommentRef> {
    if (existing) {
      if (existing.body === body) return existing;
      const updated = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...base,
        comment_id: existing.id,
        body,
      });
      return { id: Number(updated.data.id), body: updated.data.body ?? body, url: updated.data.html_url };
    }
    const created = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...base,
      issue_number: issue,
      body,
    });
    return { id: Number(created.data.id), body: created.data.body ?? body, url: created.data.html_url };
  }

  async function getRef(branch: string): Promise<string | null> {
    return unlessStatus(
      [404],
      async () =>
        (
          await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
            ...base,
            ref: `heads/${branch}`,
          })
        ).data.object.sha,
      null,
    );
  }

  async function directMerge(number: number, method: 'merge' | 'squash' | 'rebase'): Promise<MergeResult> {
    try {
      const merged = await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
        ...base,
        pull_number: number,
        merge_method: method,
      });
      return { kind: 'merged', sha: merged.data.sha };
    } catch (error) {
      const status = httpStatus(error);
      // 405: "Pull Request is not mergeable"; 409: head moved; 422: e.g. required checks pending.
      if (status !== 405 && status !== 409 && status !== 422) throw error;
      const pr = await getPullRequest(number);
      if (pr.mergeableState === 'dirty') return { kind: 'conflict' };
      return { kind: 'not-ready', reason: errorMessage(error) };
    }
  }

  async function getPullRequest(number: number): Promise<PullRequestInfo> {
    const pr = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...base,
      pull_number: number,
    });
    return toPullRequestInfo(pr.data as RestPull);
  }

  async function findPullRequest(headBranch: string): Promise<PullRequestInfo | null> {
    const pulls = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
      ...base,
      head: `${owner}:${headBranch}`,
      state: 'all',
      per_page: 100,
    });
    const matching = (pulls.data as RestPull[]).filter((pr) => pr.head.ref === headBranch);
    const chosen =
      matching.find((pr) => pr.state === 'open') ?? matching.sort((a, b) => b.number - a.number)[0];
    return chosen ? toPullRequestInfo(chosen) : null;
  }

  async function findRunByName(workflow: string, runName: string): Promise<WorkflowRunInfo | null> {
    const runs = await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      ...base,
      workflow_id: workflow,
      event: 'workflow_dispatch',
      per_page: 100,
    });
    const match = (runs.data.workflow_runs as RestRun[]).find(
      (run) => (run.display_title ?? run.name) === runName,
    );
    return match ? toRunInfo(match) : null;
  }

  async function writeRun(run: RunRecord): Promise<void> {
    const dashboard = await readRunRecord(octokit, repo, options.labels.task, trusted);
    if (!dashboard) {
      await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...base,
        title: DASHBOARD_TITLE,
        body: composeBody(DASHBOARD_TEXT, RUN_MARKER_KEY, run),
        labels: [dashboardLabel(options.labels.task)],
      });
      return;
    }
    const body = composeBody(visiblePart(dashboard.body) || DASHBOARD_TEXT, RUN_MARKER_KEY, run);
    if (body === dashboard.body) return;
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...base,
      issue_number: dashboard.number,
      body,
    });
  }

  return {
    repo,
    stats: () => ({ ...stats }),
    withLabels: (labels) => createGateway(octokit, repo, { ...options, labels }, stats),

    loadSnapshot: (): Promise<Snapshot> =>
      loadSnapshot(octokit, repo, options.labels, {
        identity: options.identity,
        onGraphqlCost: (cost) => {
          stats.graphqlPoints += cost;
        },
      }),

    async loadConfigText() {
      return unlessStatus(
        [404],
        async () => {
          const file = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
            ...base,
            path: '.github/drover.yml',
          });
          const data = file.data as { type?: string; content?: string; encoding?: string };
          if (data.type !== 'file' || data.content === undefined) return null;
          return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
        },
        null,
      );
    },

    async getPermission(login) {
      return unlessStatus(
        [404],
        async () => {
          const answer = await octokit.request(
            'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
            { ...base, username: login },
          );
          // `role_name` keeps maintain and triage apart; `permission` maps them to write/read.
          const role = answer.data.role_name as RepoPermission;
          if (PERMISSIONS.includes(role)) return role;
          const legacy = answer.data.permission as RepoPermission;
          return PERMISSIONS.includes(legacy) ? legacy : 'none';
        },
        'none' as const,
      );
    },

    async readRun() {
      return (await readRunRecord(octokit, repo, options.labels.task, trusted))?.run ?? null;
    },
    writeRun,
    async dashboardIssue() {
      return (await readRunRecord(octokit, repo, options.labels.task, trusted))?.number ?? null;
    },

    async writeAttempt(task: number, record: AttemptRecord) {
      const existing = await findOwn(task, TASK_COMMENT_KEY);
      const visible = existing ? visiblePart(existing.body) || TASK_COMMENT_TEXT : TASK_COMMENT_TEXT;
      await writeComment(task, existing, composeBody(visible, TASK_COMMENT_KEY, record));
    },

    async upsertComment(issue, key, body) {
      const existing = await findOwn(issue, key);
      // The visible text is the caller's; the data marker (attempts) is kept as it was.
      const data = existing ? readData(existing.body) : null;
      return writeComment(issue, existing, composeBody(visiblePart(body), key, data));
    },
    findComment: findOwn,

    async reply(issue, body) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...base,
        issue_number: issue,
        body,
      });
    },

    async setLabels(issue, change) {
      if (change.add && change.add.length > 0) {
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
          ...base,
          issue_number: issue,
          labels: change.add,
        });
      }
      for (const label of change.remove ?? []) {
        // 404: the label is not on the issue, which is the state we want.
        await unlessStatus(
          [404],
          () =>
            octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
              ...base,
              issue_number: issue,
              name: label,
            }),
          null,
        );
      }
    },

    async dispatchWorkflow(workflow, ref, inputs, runName) {
      const response = await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          ...base,
          workflow_id: workflow,
          ref,
          inputs,
          return_run_details: true,
        },
      );
      // 200 with `workflow_run_id` where supported; 204 (GHES) leaves the run to be found by name.
      const details = response.data as unknown as { workflow_run_id?: number } | undefined;
      if (typeof details?.workflow_run_id === 'number') return details.workflow_run_id;
      return (await findRunByName(workflow, runName))?.id ?? null;
    },
    findRunByName,

    async getRun(runId) {
      return unlessStatus(
        [404],
        async () =>
          toRunInfo(
            (
              await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
                ...base,
                run_id: runId,
              })
            ).data as RestRun,
          ),
        null,
      );
    },

    async cancelRun(runId) {
      // 409: the run already completed, so there is nothing left to cancel.
      await unlessStatus(
        [409],
        () =>
          octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
            ...base,
            run_id: runId,
          }),
        null,
      );
    },

    async downloadArtifact(runId, artifactName) {
      const list = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
        ...base,
        run_id: runId,
        name: artifactName,
        per_page: 100,
      });
      const artifact = list.data.artifacts.find(
        (candidate) => candidate.name === artifactName && !candidate.expired,
      );
      if (!artifact) return null;
      const zip = await octokit.request(
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        {
          ...base,
          artifact_id: artifact.id,
          archive_format: 'zip',
        },
      );
      return Buffer.from(zip.data as ArrayBuffer);
    },

    async defaultBranch() {
      const info = await octokit.request('GET /repos/{owner}/{repo}', base);
      const branch = info.data.default_branch;
      const sha = await getRef(branch);
      if (sha === null) throw new Error(`The default branch ${branch} of ${repo} has no commit yet`);
      return { name: branch, sha };
    },
    getBranchSha: getRef,

    async writeCommits(branch: string, baseSha: string, commits: CommitToWrite[]) {
      return writeCommitsOnBranch(octokit, base, branch, baseSha, commits, await getRef(branch));
    },

    findPullRequest,
    async openPullRequest(p) {
      try {
        const created = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...base, ...p });
        return toPullRequestInfo(created.data as RestPull);
      } catch (error) {
        // 422 "A pull request already exists": someone (or an earlier crash) opened it.
        if (httpStatus(error) !== 422) throw error;
        const existing = await findPullRequest(p.head);
        if (!existing) throw error;
        return existing;
      }
    },
    async updatePullRequest(number, p) {
      await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...base,
        pull_number: number,
        ...p,
      });
    },
    getPullRequest,

    async mergePullRequest(number, mode, method) {
      if (mode === 'direct') return directMerge(number, method);
      const pr = await getPullRequest(number);
      try {
        await octokit.graphql(
          `mutation EnableAutoMerge($id: ID!, $method: PullRequestMergeMethod!) {
            enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $method }) { clientMutationId }
          }`,
          { id: pr.nodeId, method: method.toUpperCase() },
        );
        return { kind: 'auto-merge-enabled' };
      } catch (error) {
        // GitHub refuses auto-merge when the PR could merge right now ("clean status") or the
        // repo does not allow it; merging directly is then what auto-merge would have done.
        if (!(error instanceof GraphqlResponseError)) throw error;
        return directMerge(number, method);
      }
    },

    async updatePullRequestBranch(number) {
      try {
        await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch', {
          ...base,
          pull_number: number,
        });
        return 'updated';
      } catch (error) {
        // 422: "merge conflict between base and head".
        if (httpStatus(error) === 422) return 'conflict';
        throw error;
      }
    },

    async findProjectStatusField(projectOwner, projectNumber, field) {
      const result = await octokit.graphql<ProjectFieldResult>(PROJECT_FIELD_QUERY, {
        owner: projectOwner,
        number: projectNumber,
        field,
      });
      const project = result.repositoryOwner?.projectV2;
      const found = project?.field;
      if (!project || !found || !found.options) return null;
      return {
        projectId: project.id,
        fieldId: found.id,
        options: Object.fromEntries(found.options.map((option) => [option.name, option.id])),
      };
    },

    readProjectStatuses(field, issueNodeIds) {
      return readProjectStatuses(
        (query, variables) => octokit.graphql(query, variables),
        field,
        issueNodeIds,
      );
    },

    async setProjectStatus(field, issueNodeId, option) {
      const optionId = field.options[option];
      if (optionId === undefined) {
        throw new Error(
          `The project field has no option "${option}" (it has: ${Object.keys(field.options).join(', ')})`,
        );
      }
      const added = await octokit.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(
        `mutation AddItem($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`,
        { project: field.projectId, content: issueNodeId },
      );
      await octokit.graphql(
        `mutation SetStatus($project: ID!, $item: ID!, $field: ID!, $option: String!) {
          updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }) { clientMutationId }
        }`,
        {
          project: field.projectId,
          item: added.addProjectV2ItemById.item.id,
          field: field.fieldId,
          option: optionId,
        },
      );
    },
  };
}

const PROJECT_FIELD_QUERY = `
query ProjectStatusField($owner: String!, $number: Int!, $field: String!) {
  repositoryOwner(login: $owner) {
    ... on Organization { projectV2(number: $number) { id field(name: $field) { ... on ProjectV2SingleSelectField { id options { id name } } } } }
    ... on User { projectV2(number: $number) { id field(name: $field) { ... on ProjectV2SingleSelectField { id options { id name } } } } }
  }
}`;

interface ProjectFieldResult {
  repositoryOwner: {
    projectV2?: {
      id: string;
      field: { id: string; options?: Array<{ id: string; name: string }> } | null;
    } | null;
  } | null;
}
