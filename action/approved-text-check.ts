/**
 * The action's half of the approval model (core/approval.ts): the app pins the hash of the text
 * it judged approved (task and open sub-issues) at dispatch; the action recomputes it from the
 * text it read for the prompt. Any difference means the text changed after the app's check, and
 * the agent is never started: the attempt ends `blocked`, naming who edited last, so a person with
 * the trust level can look and re-approve with `/drover approve #N`. The check does not trust a
 * later edit by a trusted person either: nobody approved the text in between.
 */
import type { Octokit } from '@octokit/rest';
import { approvedTextHash, type ApprovedTextItem } from '../core/approval.js';
import type { RepoId } from './task-context.js';

interface GqlIssueEdits {
  number: number;
  lastEditedAt: string | null;
  editor: { login: string } | null;
  timelineItems: { nodes: Array<{ createdAt?: string; actor?: { login: string } | null }> };
}

const EDITS_QUERY = `
query ApprovedTextEdits($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) {
      ...edits
      subIssues(first: 50) { nodes { state ...edits } }
    }
  }
}
fragment edits on Issue {
  number lastEditedAt editor { login }
  timelineItems(last: 1, itemTypes: [RENAMED_TITLE_EVENT]) { nodes { ... on RenamedTitleEvent { createdAt actor { login } } } }
}`;

/** Why the attempt must not show this text to its agent, or null when it is the approved text. */
export async function approvedTextProblem(
  octokit: Octokit,
  repo: RepoId,
  task: number,
  expected: string,
  text: readonly ApprovedTextItem[],
): Promise<string | null> {
  if (approvedTextHash(text) === expected) return null;
  const who = await describeLastEdit(octokit, repo, task);
  return `the text of #${task} or of an open sub-issue changed after Drover approved it for this attempt, so the agent was not started.${who} A person with the trust level can check the change and comment \`/drover approve #${task}\`.`;
}

async function describeLastEdit(octokit: Octokit, repo: RepoId, task: number): Promise<string> {
  let editor: { login: string; issue: number; at: string } | null;
  try {
    editor = await lastEditor(octokit, repo, task);
  } catch (error) {
    // The refusal stands; only its detail is missing.
    return ` (Who edited it could not be read: ${error instanceof Error ? error.message : String(error)}.)`;
  }
  if (editor === null) return '';
  const permission = await permissionOf(octokit, repo, editor.login);
  return ` Last edited by @${editor.login} on #${editor.issue} at ${editor.at}${permission}.`;
}

async function lastEditor(
  octokit: Octokit,
  repo: RepoId,
  task: number,
): Promise<{ login: string; issue: number; at: string } | null> {
  type Result = {
    repository: { issue: (GqlIssueEdits & { subIssues: { nodes: GqlIssueEdits[] } }) | null } | null;
  };
  const result = await octokit.graphql<Result>(EDITS_QUERY, {
    owner: repo.owner,
    name: repo.repo,
    number: task,
  });
  const issue = result.repository?.issue;
  if (!issue) return null;
  const changes = [issue, ...issue.subIssues.nodes].flatMap((node) => {
    const found: Array<{ login: string; issue: number; at: string }> = [];
    if (node.editor && node.lastEditedAt)
      found.push({ login: node.editor.login, issue: node.number, at: node.lastEditedAt });
    for (const rename of node.timelineItems.nodes)
      if (rename.actor && rename.createdAt)
        found.push({ login: rename.actor.login, issue: node.number, at: rename.createdAt });
    return found;
  });
  return changes.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0] ?? null;
}

async function permissionOf(octokit: Octokit, repo: RepoId, login: string): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return ` (permission: ${data.role_name || data.permission})`;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    return status === 404
      ? ' (not a collaborator)'
      : ` (permission could not be read: ${String(status ?? error)})`;
  }
}
