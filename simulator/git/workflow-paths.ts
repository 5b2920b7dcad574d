/**
 * What a ref change does to `.github/workflows/`: the paths GitHub's `workflows` permission
 * guards. Any entry added, changed or removed at or under that path counts, including a file or
 * symlink put at `.github/workflows` itself, or `.github` replaced by something else.
 */
import type { BareRepo } from './bare-repo.js';

export const WORKFLOWS_DIR = '.github/workflows';

/**
 * Paths under `.github/workflows` that differ between `base` and `after` (anything that names
 * a tree: commits, annotated tags, trees), sorted; with no base, every such path in `after`.
 * A ref to a blob holds no workflows.
 */
export function changedWorkflowPaths(bare: BareRepo, base: string | null, after: string): string[] {
  const afterTree = bare.treeOf(after);
  if (!afterTree) return [];
  const baseTree = base ? bare.treeOf(base) : null;
  if (baseTree === afterTree) return [];
  return bare.changedPaths(baseTree, afterTree, WORKFLOWS_DIR).map((change) => change.path);
}
