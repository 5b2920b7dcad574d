/** Turn a checked patch into the commits the gateway writes. */
import type { AttemptPatch } from '../../core/attempt-artifact.js';
import type { CommitToWrite } from '../../core/gateway/index.js';

export function commitsFromPatch(patch: AttemptPatch): CommitToWrite[] {
  return patch.commits.map((commit, index) => {
    const written: CommitToWrite = {
      message: commit.message,
      files: commit.changes.map((change) =>
        change.action === 'write'
          ? { path: change.path, mode: change.mode, contentBase64: change.contentBase64 }
          : { path: change.path, mode: '100644' as const, contentBase64: null },
      ),
    };
    // A resolve attempt's first commit is the merge of the base branch into the PR branch.
    if (index === 0 && patch.mergeParentSha) written.extraParent = patch.mergeParentSha;
    return written;
  });
}
