/**
 * Mutations on the task graph: sub-issues (`addSubIssue`, `removeSubIssue`,
 * `reprioritizeSubIssue`), dependencies
 * (`addBlockedBy`, `removeBlockedBy`) and labels (`addLabelsToLabelable`). The store validates
 * (cycles, duplicates, limits) and sends the webhooks.
 */
import type { IssueRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { notFound, unprocessable } from '../github-error.js';
import { assertCanWrite } from '../objects/access.js';
import { IssueObject } from '../objects/issue.js';
import { nodeObject } from '../objects/node-object.js';
import { actorOf, issueInput, labelableInput, unresolvable } from './input-nodes.js';

interface MutationInput {
  clientMutationId?: string | null;
}

export function addSubIssue(
  args: {
    input: MutationInput & {
      issueId: string;
      subIssueId?: string | null;
      subIssueUrl?: string | null;
      replaceParent?: boolean | null;
    };
  },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const parent = issueInput(ctx, input.issueId);
  const child = subIssueInput(ctx, input.subIssueId, input.subIssueUrl);
  assertCanWrite(ctx, ctx.store.repoOf(parent), 'issues', 'triage', 'addSubIssue');
  ctx.store.addSubIssue(parent, child, input.replaceParent === true, actorOf(ctx));
  return {
    clientMutationId: input.clientMutationId ?? null,
    issue: issueObject(ctx, parent),
    subIssue: issueObject(ctx, child),
  };
}

export function removeSubIssue(
  args: { input: MutationInput & { issueId: string; subIssueId: string } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const parent = issueInput(ctx, input.issueId);
  const child = issueInput(ctx, input.subIssueId);
  assertCanWrite(ctx, ctx.store.repoOf(parent), 'issues', 'triage', 'removeSubIssue');
  ctx.store.removeSubIssue(parent, child, actorOf(ctx));
  return {
    clientMutationId: input.clientMutationId ?? null,
    issue: issueObject(ctx, parent),
    subIssue: issueObject(ctx, child),
  };
}

/** "Either positional argument after OR before should be specified" (REST reprioritize). */
export function reprioritizeSubIssue(
  args: {
    input: MutationInput & {
      issueId: string;
      subIssueId: string;
      afterId?: string | null;
      beforeId?: string | null;
    };
  },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const parent = issueInput(ctx, input.issueId);
  const child = issueInput(ctx, input.subIssueId);
  if (Boolean(input.afterId) === Boolean(input.beforeId)) {
    throw unprocessable('Specify exactly one of afterId or beforeId.');
  }
  assertCanWrite(ctx, ctx.store.repoOf(parent), 'issues', 'triage', 'reprioritizeSubIssue');
  ctx.store.reprioritizeSubIssue(parent, child, {
    ...(input.afterId ? { after: issueInput(ctx, input.afterId) } : {}),
    ...(input.beforeId ? { before: issueInput(ctx, input.beforeId) } : {}),
  });
  return { clientMutationId: input.clientMutationId ?? null, issue: issueObject(ctx, parent) };
}

export function addBlockedBy(
  args: { input: MutationInput & { issueId: string; blockingIssueId: string } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const issue = issueInput(ctx, input.issueId);
  const blocking = issueInput(ctx, input.blockingIssueId);
  assertCanWrite(ctx, ctx.store.repoOf(issue), 'issues', 'triage', 'addBlockedBy');
  ctx.store.addBlockedBy(issue, blocking, actorOf(ctx));
  return {
    clientMutationId: input.clientMutationId ?? null,
    issue: issueObject(ctx, issue),
    blockingIssue: issueObject(ctx, blocking),
  };
}

export function removeBlockedBy(
  args: { input: MutationInput & { issueId: string; blockingIssueId: string } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const issue = issueInput(ctx, input.issueId);
  const blocking = issueInput(ctx, input.blockingIssueId);
  assertCanWrite(ctx, ctx.store.repoOf(issue), 'issues', 'triage', 'removeBlockedBy');
  ctx.store.removeBlockedBy(issue, blocking, actorOf(ctx));
  return {
    clientMutationId: input.clientMutationId ?? null,
    issue: issueObject(ctx, issue),
    blockingIssue: issueObject(ctx, blocking),
  };
}

export function addLabelsToLabelable(
  args: { input: MutationInput & { labelableId: string; labelIds: string[] } },
  ctx: GraphqlContext,
): object {
  const { input } = args;
  const issue = labelableInput(ctx, input.labelableId);
  const repo = ctx.store.repoOf(issue);
  assertCanWrite(ctx, repo, 'issues', 'triage', 'addLabelsToLabelable');
  const names = input.labelIds.map((labelId) => {
    const found = ctx.store.byNodeId(labelId);
    if (found?.kind !== 'Label' || found.repo.id !== repo.id) throw unresolvable(labelId);
    return found.record.name;
  });
  ctx.store.addLabels(issue, names, actorOf(ctx));
  return { clientMutationId: input.clientMutationId ?? null, labelable: nodeObject(ctx, input.labelableId) };
}

/** `subIssueId`, or `subIssueUrl` (`…/owner/name/issues/N`): exactly one is needed. */
function subIssueInput(
  ctx: GraphqlContext,
  subIssueId?: string | null,
  subIssueUrl?: string | null,
): IssueRecord {
  if (subIssueId) return issueInput(ctx, subIssueId);
  const match = subIssueUrl?.match(/\/([^/]+)\/([^/]+)\/issues\/(\d+)\/?$/);
  if (!subIssueUrl || !match) throw notFound('Either subIssueId or subIssueUrl must name an issue.');
  const [, owner = '', name = '', number = ''] = match;
  const repo = ctx.store.repo(owner, name);
  const issue = repo ? ctx.store.issueByNumber(repo, Number(number)) : undefined;
  if (!issue || issue.pullNumber !== null)
    throw notFound(`Could not resolve to an Issue with the URL of '${subIssueUrl}'.`);
  return issueInput(ctx, issue.nodeId);
}

function issueObject(ctx: GraphqlContext, record: IssueRecord): IssueObject {
  return new IssueObject(ctx.store.issueById(record.id) ?? record, ctx);
}
