/**
 * Load a repository's task state: one paginated GraphQL query for the `drover` issues (labels,
 * sub-issues, blockers, closing PRs), the attempt marker from each task's Drover comment, the
 * run record from the dashboard issue, and the Drover workflow runs still in flight.
 */
import type { DroverConfig } from '../../core/config.js';
import type {
  AttemptRecord,
  InFlightRun,
  IssueInput,
  IssueRef,
  PullRequestRef,
  RepoFullName,
  RunRecord,
  Snapshot,
  StateReason,
} from '../../core/types.js';
import { isOurs, type AppIdentity, type AuthoredObject } from './app-identity.js';
import { dashboardLabel, RUN_MARKER_KEY, TASK_COMMENT_KEY } from './comment-keys.js';
import { fetchClosedRunTasks } from './closed-run-tasks.js';
import { fetchLabelBlockerRefs } from './label-blocker-refs.js';
import { listAllPages } from './list-pages.js';
import { readData, readKey } from './markers.js';
import type { Octokit } from './octokit.js';
import { attemptRecordSchema, runRecordSchema } from './record-schemas.js';
import { parseAttemptRunName } from './run-name.js';
import {
  DROVER_ISSUES_QUERY,
  innerConnectionQuery,
  type DroverIssuesResult,
  type GqlConnection,
  type GqlIssue,
  type GqlIssueRef,
  type GqlPullRequestRef,
  type InnerConnectionResult,
} from './snapshot-query.js';

export interface LoadSnapshotOptions {
  /** Whose markers to trust. Without it only comments stamped by some GitHub App are read. */
  identity?: AppIdentity;
  /** Called with the GraphQL points each query cost (`rateLimit.cost`). */
  onGraphqlCost?: (cost: number) => void;
}

export async function loadSnapshot(
  octokit: Octokit,
  repo: RepoFullName,
  labels: DroverConfig['labels'],
  options: LoadSnapshotOptions = {},
): Promise<Snapshot> {
  const trusted = trustPredicate(options.identity);
  const gqlIssues = await fetchTaskIssues(octokit, repo, labels.task, options.onGraphqlCost);
  const issues = withChildren(gqlIssues.map((issue) => toIssueInput(issue, repo)));
  const nativeReferences = referencedIssues(gqlIssues, issues);
  const referenced = [
    ...nativeReferences,
    ...(await fetchLabelBlockerRefs(octokit, repo, issues, nativeReferences, labels)),
  ];
  const taskNumbers = gqlIssues.map((issue) => issue.number);
  const [attempts, run, inFlight] = await Promise.all([
    readAttempts(octokit, repo, taskNumbers, trusted),
    readRunRecord(octokit, repo, labels.task, trusted).then((found) => found?.run ?? null),
    listInFlightRuns(octokit, repo),
  ]);
  const open = new Set(issues.map((issue) => issue.number));
  const closed = (await fetchClosedRunTasks(octokit, repo, labels.task, run)).filter(
    (issue) => !open.has(issue.number),
  );
  return { repo, issues: [...issues, ...closed], referenced, attempts, inFlight, run };
}

function trustPredicate(identity: AppIdentity | undefined): (object: AuthoredObject) => boolean {
  if (identity) return (object) => isOurs(identity, object);
  return (object) => typeof object.performed_via_github_app?.id === 'number';
}

export function splitRepo(repo: RepoFullName): { owner: string; name: string } {
  const [owner, name, extra] = repo.split('/');
  if (!owner || !name || extra !== undefined)
    throw new Error(`"${repo}" is not a repository name of the form owner/name`);
  return { owner, name };
}

async function fetchTaskIssues(
  octokit: Octokit,
  repo: RepoFullName,
  label: string,
  onCost: ((cost: number) => void) | undefined,
): Promise<GqlIssue[]> {
  const { owner, name } = splitRepo(repo);
  const all: GqlIssue[] = [];
  let after: string | null = null;
  do {
    const page: DroverIssuesResult = await octokit.graphql<DroverIssuesResult>(DROVER_ISSUES_QUERY, {
      owner,
      name,
      label,
      after,
    });
    if (page.rateLimit) onCost?.(page.rateLimit.cost);
    if (!page.repository) throw new Error(`Repository ${repo} was not found or the app cannot read it`);
    all.push(...page.repository.issues.nodes);
    after = page.repository.issues.pageInfo.hasNextPage ? page.repository.issues.pageInfo.endCursor : null;
  } while (after);
  for (const issue of all) {
    issue.subIssues.nodes = await completeConnection(octokit, issue.id, 'subIssues', issue.subIssues, onCost);
    issue.blockedBy.nodes = await completeConnection(octokit, issue.id, 'blockedBy', issue.blockedBy, onCost);
  }
  return all;
}

async function completeConnection(
  octokit: Octokit,
  id: string,
  connection: 'subIssues' | 'blockedBy',
  first: GqlConnection<GqlIssueRef>,
  onCost: ((cost: number) => void) | undefined,
): Promise<GqlIssueRef[]> {
  const nodes = [...first.nodes];
  let pageInfo = first.pageInfo;
  while (pageInfo.hasNextPage) {
    const result = await octokit.graphql<InnerConnectionResult>(innerConnectionQuery(connection), {
      id,
      after: pageInfo.endCursor,
    });
    if (result.rateLimit) onCost?.(result.rateLimit.cost);
    const next = result.node?.[connection];
    if (!next) break;
    nodes.push(...next.nodes);
    pageInfo = next.pageInfo;
  }
  return nodes;
}

function stateReason(value: string | null): StateReason {
  const lower = value?.toLowerCase() ?? null;
  if (lower === 'completed' || lower === 'not_planned' || lower === 'reopened' || lower === 'duplicate')
    return lower;
  return null;
}

function toIssueRef(ref: GqlIssueRef): IssueRef {
  const databaseId = ref.fullDatabaseId === null ? undefined : Number(ref.fullDatabaseId);
  return {
    number: ref.number,
    repo: ref.repository.nameWithOwner,
    databaseId,
    nodeId: ref.id,
    title: ref.title,
    state: ref.state === 'OPEN' ? 'open' : 'closed',
    stateReason: stateReason(ref.stateReason),
  };
}

function toPullRequestRef(pr: GqlPullRequestRef): PullRequestRef {
  const state = pr.merged || pr.state === 'MERGED' ? 'merged' : pr.state === 'OPEN' ? 'open' : 'closed';
  return {
    number: pr.number,
    state,
    headRefName: pr.headRefName,
    mergeStateStatus: pr.mergeStateStatus ?? undefined,
    mergedAt: pr.mergedAt,
    url: pr.url,
  };
}

function toIssueInput(issue: GqlIssue, repo: RepoFullName): IssueInput {
  return {
    number: issue.number,
    repo,
    nodeId: issue.id,
    databaseId: issue.fullDatabaseId === null ? undefined : Number(issue.fullDatabaseId),
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'OPEN' ? 'open' : 'closed',
    stateReason: stateReason(issue.stateReason),
    labels: issue.labels.nodes.map((label) => label.name),
    blockedBy: issue.blockedBy.nodes.map(toIssueRef),
    parent: issue.parent ? toIssueRef(issue.parent) : null,
    subIssues: issue.subIssues.nodes.map(toIssueRef),
    author: issue.author?.login ?? 'ghost',
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closingPullRequests: (issue.closedByPullRequestsReferences?.nodes ?? [])
      .filter((pr) => pr.repository.nameWithOwner.toLowerCase() === repo.toLowerCase())
      .map(toPullRequestRef),
  };
}

/**
 * Sub-issues run inside their parent's attempt even without the `drover` label, so they are
 * tasks' inputs too. What the query knows of them is their reference; that is what the
 * planner needs (the action reads their text itself).
 */
function withChildren(issues: IssueInput[]): IssueInput[] {
  const known = new Set(issues.map((issue) => issue.number));
  const children: IssueInput[] = [];
  for (const parent of issues) {
    for (const child of parent.subIssues) {
      if (child.repo !== parent.repo || known.has(child.number) || child.state !== 'open') continue;
      known.add(child.number);
      children.push(childInput(child, parent));
    }
  }
  return [...issues, ...children];
}

function childInput(child: IssueRef, parent: IssueInput): IssueInput {
  return {
    number: child.number,
    repo: child.repo,
    nodeId: child.nodeId,
    databaseId: child.databaseId,
    title: child.title ?? `#${child.number}`,
    body: '',
    state: child.state,
    stateReason: child.stateReason,
    labels: [],
    blockedBy: [],
    parent: {
      number: parent.number,
      repo: parent.repo,
      nodeId: parent.nodeId,
      state: parent.state,
      stateReason: parent.stateReason,
    },
    subIssues: [],
    author: parent.author,
    createdAt: parent.createdAt,
    updatedAt: parent.updatedAt,
  };
}

function referencedIssues(gqlIssues: GqlIssue[], inputs: IssueInput[]): IssueRef[] {
  const loaded = new Set(inputs.map((issue) => `${issue.repo}#${issue.number}`.toLowerCase()));
  const byKey = new Map<string, IssueRef>();
  for (const issue of gqlIssues) {
    const refs = [
      ...issue.blockedBy.nodes,
      ...issue.subIssues.nodes,
      ...(issue.parent ? [issue.parent] : []),
    ];
    for (const ref of refs.map(toIssueRef)) {
      const key = `${ref.repo}#${ref.number}`.toLowerCase();
      if (!loaded.has(key)) byKey.set(key, ref);
    }
  }
  return [...byKey.values()];
}

interface RestComment extends AuthoredObject {
  id: number;
  body?: string;
  html_url: string;
}

/** Our keyed comment on an issue (the newest one, if a crash ever left two). */
export async function findOwnComment(
  octokit: Octokit,
  repo: RepoFullName,
  issue: number,
  key: string,
  trusted: (object: AuthoredObject) => boolean,
): Promise<RestComment | null> {
  const { owner, name } = splitRepo(repo);
  const comments = await listAllPages(async (page, perPage) => {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner,
      repo: name,
      issue_number: issue,
      per_page: perPage,
      page,
    });
    return response.data as RestComment[];
  });
  const ours = comments.filter((comment) => trusted(comment) && readKey(comment.body) === key);
  return ours.at(-1) ?? null;
}

async function readAttempts(
  octokit: Octokit,
  repo: RepoFullName,
  tasks: number[],
  trusted: (object: AuthoredObject) => boolean,
): Promise<Record<number, AttemptRecord>> {
  const attempts: Record<number, AttemptRecord> = {};
  await Promise.all(
    tasks.map(async (task) => {
      const comment = await findOwnComment(octokit, repo, task, TASK_COMMENT_KEY, trusted);
      const parsed = attemptRecordSchema.safeParse(readData(comment?.body));
      if (parsed.success) attempts[task] = parsed.data;
    }),
  );
  return attempts;
}

export interface DashboardIssue {
  number: number;
  body: string;
  run: RunRecord | null;
}

/** The dashboard issue our app opened (label `<task>:dashboard`) and the run record in its body. */
export async function readRunRecord(
  octokit: Octokit,
  repo: RepoFullName,
  taskLabel: string,
  trusted: (object: AuthoredObject) => boolean,
): Promise<DashboardIssue | null> {
  const { owner, name } = splitRepo(repo);
  const response = await octokit.request('GET /repos/{owner}/{repo}/issues', {
    owner,
    repo: name,
    labels: dashboardLabel(taskLabel),
    state: 'open',
    per_page: 100,
  });
  const dashboard = (response.data as Array<RestComment & { number: number; pull_request?: unknown }>)
    .filter(
      (issue) => issue.pull_request === undefined && trusted(issue) && readKey(issue.body) === RUN_MARKER_KEY,
    )
    .sort((a, b) => a.number - b.number)[0];
  if (!dashboard) return null;
  const parsed = runRecordSchema.safeParse(readData(dashboard.body));
  return { number: dashboard.number, body: dashboard.body ?? '', run: parsed.success ? parsed.data : null };
}

interface RestWorkflowRun {
  id: number;
  name?: string | null;
  display_title?: string;
  status: string | null;
  created_at: string;
}

const IN_FLIGHT_STATUSES = new Set(['queued', 'in_progress', 'waiting', 'pending', 'requested']);

/** Drover's dispatched runs that have not completed, recognised by their run name. */
export async function listInFlightRuns(octokit: Octokit, repo: RepoFullName): Promise<InFlightRun[]> {
  const { owner, name } = splitRepo(repo);
  const response = await octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
    owner,
    repo: name,
    event: 'workflow_dispatch',
    per_page: 100,
  });
  const runs = response.data.workflow_runs as RestWorkflowRun[];
  const inFlight: InFlightRun[] = [];
  for (const run of runs) {
    const attempt = parseAttemptRunName(run.display_title ?? run.name);
    if (!attempt || !run.status || !IN_FLIGHT_STATUSES.has(run.status)) continue;
    inFlight.push({
      runId: run.id,
      task: attempt.task,
      attempt: attempt.attempt,
      status: run.status as InFlightRun['status'],
      createdAt: run.created_at,
    });
  }
  return inFlight;
}
