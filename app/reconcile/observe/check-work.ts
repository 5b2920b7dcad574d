/**
 * The controller's check of an attempt's work before anything is written (docs/security.md):
 * the artifact is untrusted output of a job that ran whatever the issue text led it to.
 * 1. bound to what was dispatched: it starts from the commit the claim pinned, and only a
 *    resolve attempt merges, only the base branch's head or an ancestor of it;
 * 2. checked by its effect on the base tree (patch-policy.ts): paths, limits counted per file,
 *    symlinks, commit count and messages; protected paths and mode changes are written but the
 *    pull request waits for a person;
 * 3. scanned for secrets (known token formats) in its files, messages and the text published;
 * 4. turned into the commits and the pull request text (neutralised, bounded) that are written.
 */
import type { Attempt } from '../../../core/attempt-history.js';
import type { AttemptOutcome, AttemptPatch } from '../../../core/attempt-artifact.js';
import type { DroverConfig } from '../../../core/config.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { CheckedPatch } from '../../../core/repo-state.js';
import { describeSecretFindings, scanPatchForSecrets } from '../../../core/secret-scan.js';
import { composeBody } from '../../github/markers.js';
import { PULL_REQUEST_KEY } from '../../github/task-issue-shapes.js';
import { commitsFromPatch } from '../../publish/commits-from-patch.js';
import { checkPatchPolicy } from '../../publish/patch-policy.js';
import { checkPublishBinding, type DispatchedAttempt } from '../../publish/publish-binding.js';
import { pullRequestBody, pullRequestTitle } from '../../publish/pull-request-body.js';
import { treeIndexFromGitTree, type TreeIndex } from '../../publish/tree-state.js';

export type WorkCheck = { ok: true; checked: CheckedPatch } | { ok: false; reason: string };

export interface WorkInput {
  task: number;
  title: string;
  /** The task's open sub-issues, in order: each may have one commit. */
  children: number[];
  attempt: Attempt;
  outcome: AttemptOutcome;
  patch: AttemptPatch | null;
  config: DroverConfig;
  defaultBranchSha: string;
}

export async function checkWork(gateway: RepoGateway, input: WorkInput): Promise<WorkCheck> {
  const { attempt, patch, outcome } = input;
  if (patch === null) return { ok: false, reason: 'The attempt left no patch.' };
  if (attempt.pinnedSha === null)
    return { ok: false, reason: 'The attempt’s claim is gone: Drover cannot tell where its work belongs.' };
  const binding = await checkPublishBinding(
    dispatchedOf(attempt, attempt.pinnedSha, input.defaultBranchSha),
    { patch, outcome },
    (a, d) => gateway.commits.isAncestor(a, d),
  );
  if (!binding.ok) return binding;
  const baseTree = await treeOf(gateway, patch.baseSha);
  if (baseTree === null)
    return {
      ok: false,
      reason:
        'The base tree is too large for GitHub to list whole: Drover cannot check the patch by its effect.',
    };
  const targetTree =
    patch.mergeParentSha === null ? undefined : ((await treeOf(gateway, patch.mergeParentSha)) ?? undefined);
  const policy = checkPatchPolicy({
    patch,
    policy: input.config.patch,
    baseTree,
    targetTree,
    scope: { task: input.task, subIssues: input.children, attempt: attempt.number, agent: outcome.agent },
  });
  if (!policy.ok) return policy;
  const texts = [
    { where: 'the summary', text: outcome.summary ?? '' },
    { where: 'the reason', text: outcome.reason ?? '' },
  ];
  const secrets = await newSecrets(gateway, policy.patch, baseTree, texts);
  if (secrets !== null)
    return { ok: false, reason: `The patch was refused: it holds a secret (${secrets}).` };
  const holdReasons = policy.needsPerson.map((check) => check.why);
  const body = pullRequestBody({
    task: input.task,
    children: input.children,
    outcome,
    runUrl: attempt.run?.url ?? null,
    waitsForPerson: holdReasons,
  });
  return {
    ok: true,
    checked: {
      commits: commitsFromPatch(policy.patch),
      holdReasons,
      pullRequest: {
        title: pullRequestTitle(input.task, input.title),
        body: composeBody(body, PULL_REQUEST_KEY, {
          task: input.task,
          attempt: attempt.number,
          hold: holdReasons,
        }),
      },
    },
  };
}

function dispatchedOf(attempt: Attempt, pinned: string, defaultBranchSha: string): DispatchedAttempt {
  return attempt.kind === 'resolve'
    ? { kind: 'resolve', pullRequestHeadSha: pinned, baseBranchHeadSha: defaultBranchSha }
    : { kind: attempt.kind, baseSha: pinned };
}

/** The commit's tree as the policy reads it (symlink targets from their blobs), or null when GitHub truncates it. */
async function treeOf(gateway: RepoGateway, commitSha: string): Promise<TreeIndex | null> {
  const listing = await gateway.commits.tree(commitSha);
  if (listing.truncated) return null;
  const targets = new Map<string, string>();
  for (const entry of listing.entries) {
    if (entry.mode === '120000')
      targets.set(entry.path, (await gateway.commits.blob(entry.sha)).toString('utf8'));
  }
  return treeIndexFromGitTree(listing.entries, targets);
}

/** Secrets the patch adds (a token already in a file before the change is not new), described; null when none. */
async function newSecrets(
  gateway: RepoGateway,
  patch: AttemptPatch,
  baseTree: TreeIndex,
  texts: Array<{ where: string; text: string }>,
): Promise<string | null> {
  const first = scanPatchForSecrets(patch, [], { texts });
  if (first.length === 0) return null;
  const before = new Map<string, Buffer>();
  for (const commit of patch.commits) {
    for (const change of commit.changes) {
      const sha = baseTree.get(change.path)?.sha;
      if (sha !== undefined && !before.has(change.path))
        before.set(change.path, await gateway.commits.blob(sha));
    }
  }
  const findings = scanPatchForSecrets(patch, [], { texts, before: (path) => before.get(path) ?? null });
  return findings.length === 0 ? null : describeSecretFindings(findings);
}
