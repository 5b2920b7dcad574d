/**
 * Publishing is bound to what was dispatched. The artifact names the commit its patch starts
 * from (`baseSha`) and, for a resolve, the base-branch commit it merged (`mergeParentSha`);
 * both are untrusted. Taken unchecked, a patch "based on" an outsider's fork commit lands that
 * commit's whole history (workflows included) without any of it passing the patch policy.
 *
 * So: the base must be exactly the commit pinned at dispatch (the default branch head for
 * implement/fix/revise, the pull request head for resolve), and a merge parent is allowed only
 * in resolve mode, only the base branch head or (when the caller can ask GitHub) an ancestor
 * of it, so that everything it brings in is already on the base branch.
 */
import type { AttemptOutcome, AttemptPatch } from '../../core/attempt-artifact.js';

export type DispatchedAttempt =
  | {
      kind: 'implement' | 'fix' | 'revise';
      /** The commit the dispatch pinned (the run's head). */
      baseSha: string;
    }
  | {
      kind: 'resolve';
      /** The pull request head recorded at dispatch. */
      pullRequestHeadSha: string;
      /** The base branch head now (or recorded at dispatch). */
      baseBranchHeadSha: string;
    };

/** Is `ancestor` reachable from `descendant`? (e.g. the compare API's `status` is `behind` or `identical`). */
export type AncestryCheck = (ancestor: string, descendant: string) => Promise<boolean>;

export type BindingCheck = { ok: true } | { ok: false; reason: string };

const refused = (reason: string): BindingCheck => ({
  ok: false,
  reason: `The patch was refused: ${reason}.`,
});

function pinnedBase(dispatched: DispatchedAttempt): string {
  return dispatched.kind === 'resolve' ? dispatched.pullRequestHeadSha : dispatched.baseSha;
}

export async function checkPublishBinding(
  dispatched: DispatchedAttempt,
  artifact: {
    patch: Pick<AttemptPatch, 'mode' | 'baseSha' | 'mergeParentSha'>;
    outcome?: Pick<AttemptOutcome, 'baseSha'>;
  },
  isAncestor?: AncestryCheck,
): Promise<BindingCheck> {
  const { patch, outcome } = artifact;
  const expected = pinnedBase(dispatched);
  const resolve = dispatched.kind === 'resolve';
  if ((patch.mode === 'resolve') !== resolve)
    return refused(`it is a ${patch.mode} patch, but a ${dispatched.kind} attempt was dispatched`);
  if (patch.baseSha !== expected)
    return refused(
      `it starts from ${patch.baseSha}, not from ${expected}, the commit pinned when the attempt was dispatched`,
    );
  if (outcome && outcome.baseSha !== expected)
    return refused(
      `the outcome names base ${outcome.baseSha}, not ${expected}, the commit pinned at dispatch`,
    );
  if (dispatched.kind !== 'resolve') {
    if (patch.mergeParentSha !== null)
      return refused(`it merges ${patch.mergeParentSha}, but only a resolve attempt may make a merge commit`);
    return { ok: true };
  }
  const parent = patch.mergeParentSha;
  if (parent === null)
    return refused('a resolve patch must merge the base branch, and this one merges nothing');
  if (parent === dispatched.baseBranchHeadSha) return { ok: true };
  if (isAncestor && (await isAncestor(parent, dispatched.baseBranchHeadSha))) return { ok: true };
  return refused(
    `it merges ${parent}, which is neither the base branch head ${dispatched.baseBranchHeadSha} nor ${isAncestor ? 'an ancestor of it' : 'known to be an ancestor of it'}`,
  );
}
