/**
 * The app's policy over an agent's patch, by EFFECT: the patch is replayed on the tree it
 * claims to start from, and every check asks what ends up on the branch, not what the patch
 * says. A deletion of a directory path removes every file under it; a file written at a
 * directory path removes the directory; a file written below a file replaces that file; a
 * symlink is followed the way a checkout follows it.
 *
 * Outcomes: refused with a reason (nothing is written), or accepted with the changes that must
 * wait for a person (protected paths, mode changes, symlinks): the caller writes the branch and
 * the pull request but never merges it, and says why on the pull request.
 */
import type { AttemptPatch, FileChange, PatchCommit } from '../../core/attempt-artifact.js';
import type { DroverConfig } from '../../core/config.js';
import { verifyGitPath } from '../../core/git-path.js';
import {
  DEFAULT_PROTECTED_PATTERNS,
  protectedPathMatcher,
  WORKFLOW_PATTERNS,
  type ProtectedPathMatcher,
} from '../../core/protected-paths.js';
import { checkCommitMessage } from './commit-message-policy.js';
import { resolveSymlink, symlinkTargetProblem } from './symlink-target.js';
import { ancestorsOf, gitBlobSha, TreeState, type TreeFile, type TreeIndex } from './tree-state.js';

export type PatchPolicy = Pick<
  DroverConfig['patch'],
  'max_bytes' | 'max_files' | 'allow_workflow_changes' | 'protected_paths'
>;

/** What was dispatched: the task, its sub-issues (each may have one commit, plus one for the task). */
export interface PatchScope {
  task: number;
  subIssues: readonly number[];
  attempt: number;
  /** The agent Drover dispatched, for the commit trailers the app writes. */
  agent: string;
}

export interface PatchPolicyInput {
  patch: AttemptPatch;
  policy: PatchPolicy;
  /** The tree of `patch.baseSha` (the commit the patch is replayed on). */
  baseTree: TreeIndex;
  /**
   * The tree the pull request merges into, when it is not `baseTree`: for a resolve attempt,
   * the base branch head (`mergeParentSha`). A change whose result equals this tree's entry
   * (what a merge of the base branch brings in) has no effect on the base branch and is not
   * counted. Without blob shas in the trees, every change counts.
   */
  targetTree?: TreeIndex;
  scope: PatchScope;
}

export type PersonCheckKind = 'protected-path' | 'mode-change' | 'symlink';

/** A change that is written but never merged by Drover. */
export interface PersonCheck {
  kind: PersonCheckKind;
  path: string;
  why: string;
}

export type PatchPolicyResult =
  | { ok: false; reason: string }
  | {
      ok: true;
      /** The patch with the app's commit messages (forged trailers stripped, Drover's appended). */
      patch: AttemptPatch;
      needsPerson: PersonCheck[];
      /** Forged trailers removed, by commit index (0-based). */
      strippedTrailers: Array<{ commit: number; trailer: string }>;
      /** Files changed and bytes written, by effect on the base branch. */
      effects: { files: number; bytes: number };
    };

type EffectKind = 'added' | 'modified' | 'deleted';

interface Effect {
  path: string;
  kind: EffectKind;
  before: TreeFile | undefined;
  after: TreeFile | undefined;
  bytes: number;
}

class Refusal extends Error {}

function refused(reason: string): { ok: false; reason: string } {
  return { ok: false, reason: `The patch was refused: ${reason}.` };
}

function decodeContent(change: Extract<FileChange, { action: 'write' }>): Buffer {
  const content = Buffer.from(change.contentBase64, 'base64');
  // Buffer.from skips what is not base64: the text must be exactly what encoding gives back,
  // or the scanner and the writer could read two different contents.
  if (content.toString('base64') !== change.contentBase64)
    throw new Refusal(`the content of ${JSON.stringify(change.path)} is not canonical base64`);
  return content;
}

function sameFile(a: TreeFile | undefined, b: TreeFile | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.mode === b.mode && a.sha !== undefined && a.sha === b.sha;
}

/** Replays one commit on the state; returns the effects of each change, in order. */
function applyChange(state: TreeState, change: FileChange): Effect[] {
  const effects: Effect[] = [];
  const removeFile = (path: string) => {
    const before = state.get(path);
    state.remove(path);
    effects.push({ path, kind: 'deleted', before, after: undefined, bytes: 0 });
  };
  const removeDirectory = (path: string) => {
    for (const file of state.filesUnder(path)) removeFile(file);
  };
  if (change.action === 'delete') {
    if (state.get(change.path)) removeFile(change.path);
    else if (state.isDirectory(change.path)) removeDirectory(change.path);
    // A path the tree does not have: git writes nothing, but the claim is counted as one
    // deleted file and checked against the protected paths, so a tree the caller could not
    // list in full never hides a deletion.
    else effects.push({ path: change.path, kind: 'deleted', before: undefined, after: undefined, bytes: 0 });
    return effects;
  }
  const content = decodeContent(change);
  for (const ancestor of ancestorsOf(change.path)) if (state.get(ancestor)) removeFile(ancestor);
  removeDirectory(change.path);
  const before = state.get(change.path);
  const after: TreeFile = { mode: change.mode, sha: gitBlobSha(content) };
  if (change.mode === '120000') after.symlinkTarget = content.toString('utf8');
  state.set(change.path, after);
  if (sameFile(before, after)) return effects;
  effects.push({
    path: change.path,
    kind: before ? 'modified' : 'added',
    before,
    after,
    bytes: content.length,
  });
  return effects;
}

function checkCommitShape(commit: PatchCommit, index: number, scope: PatchScope): void {
  const label = `commit ${index + 1}`;
  if (commit.issue !== scope.task && !scope.subIssues.includes(commit.issue))
    throw new Refusal(
      `${label} is for #${commit.issue}, which is neither task #${scope.task} nor one of its sub-issues`,
    );
  const paths = new Set<string>();
  for (const change of commit.changes) {
    const verdict = verifyGitPath(change.path, change.action === 'write' ? change.mode : undefined);
    if (!verdict.ok) throw new Refusal(`${label}: ${verdict.reason}`);
    if (paths.has(change.path)) throw new Refusal(`${label} changes ${change.path} twice`);
    paths.add(change.path);
    if (change.action === 'write' && change.mode === '120000') {
      const target = decodeContent(change).toString('utf8');
      const problem = symlinkTargetProblem(target);
      if (problem)
        throw new Refusal(`${label}: the symlink ${change.path} → ${JSON.stringify(target)} ${problem}`);
    }
  }
  // A path and one of its directories in one commit: which wins depends on the order GitHub applies them.
  for (const path of paths) {
    const ancestor = ancestorsOf(path).find((candidate) => paths.has(candidate));
    if (ancestor) throw new Refusal(`${label} changes both ${ancestor} and ${path}, inside it`);
  }
}

function modeCheck(effect: Effect): PersonCheck | null {
  const { before, after, path } = effect;
  if (!after) return null;
  const describe = (mode: string) =>
    ({ '100644': 'a file', '100755': 'an executable', '120000': 'a symlink', '160000': 'a submodule' })[
      mode
    ] ?? `mode ${mode}`;
  if (before && before.mode !== after.mode)
    return {
      kind: 'mode-change',
      path,
      why: `changes ${path} from ${describe(before.mode)} to ${describe(after.mode)}`,
    };
  if (!before && after.mode === '100755')
    return { kind: 'mode-change', path, why: `adds ${path} as an executable` };
  if (!before && after.mode === '120000') return { kind: 'symlink', path, why: `adds ${path} as a symlink` };
  return null;
}

interface Accounting {
  counted: Map<string, Effect>;
  bytes: number;
  /** Mode and symlink checks, one per path and reason (a mode changed in any commit lands in history). */
  modeChecks: Map<string, PersonCheck>;
}

/** Effects that change the base branch (those equal to the target tree's entry do not). */
function count(accounting: Accounting, effects: Effect[], target: TreeIndex): void {
  for (const effect of effects) {
    if (effect.after !== undefined && sameFile(effect.after, target.get(effect.path))) continue;
    if (effect.after === undefined && effect.before !== undefined && !target.has(effect.path)) continue;
    accounting.bytes += effect.bytes;
    if (!accounting.counted.has(effect.path)) accounting.counted.set(effect.path, effect);
    const check = modeCheck(effect);
    if (check) accounting.modeChecks.set(`${check.path}\n${check.why}`, check);
  }
}

function protectedChecks(
  accounting: Accounting,
  matcher: ProtectedPathMatcher,
  workflows: ProtectedPathMatcher,
  policy: PatchPolicy,
  protectedLinks: Map<string, string>,
): PersonCheck[] {
  const checks: PersonCheck[] = [];
  for (const effect of accounting.counted.values()) {
    if (workflows.match(effect.path) && !policy.allow_workflow_changes)
      throw new Refusal(
        `it ${effect.kind === 'deleted' ? 'deletes' : 'changes'} ${effect.path}, and workflow files may only change when \`patch.allow_workflow_changes: true\` is set in .github/drover.yml`,
      );
    const pattern = matcher.match(effect.path);
    if (pattern) {
      checks.push({
        kind: 'protected-path',
        path: effect.path,
        why: `${effect.kind} ${effect.path} (protected by \`${pattern}\`)`,
      });
      continue;
    }
    for (const [target, link] of protectedLinks) {
      if (effect.path === target || effect.path.startsWith(`${target}/`))
        checks.push({
          kind: 'protected-path',
          path: effect.path,
          why: `${effect.kind} ${effect.path}, which the protected symlink ${link} leads to`,
        });
    }
  }
  return checks;
}

/** Symlinks in the final tree: refuse escapes the patch caused; map protected links to their targets. */
function checkSymlinks(
  final: TreeState,
  base: TreeState,
  written: Set<string>,
  matcher: ProtectedPathMatcher,
): { protectedLinks: Map<string, string>; unverified: PersonCheck[] } {
  const protectedLinks = new Map<string, string>();
  const unverified: PersonCheck[] = [];
  for (const path of final.paths()) {
    if (final.get(path)?.mode !== '120000') continue;
    const resolution = resolveSymlink(path, (candidate) => final.get(candidate));
    if (resolution.kind === 'refused') {
      const before = resolveSymlink(path, (candidate) => base.get(candidate));
      if (written.has(path) || before.kind !== 'refused') throw new Refusal(resolution.reason);
      continue;
    }
    if (resolution.kind === 'unknown') {
      if (written.has(path))
        unverified.push({
          kind: 'symlink',
          path,
          why: `the symlink ${path} leads through ${resolution.via}, whose target is unknown`,
        });
      continue;
    }
    if (matcher.match(path)) protectedLinks.set(resolution.path, path);
  }
  return { protectedLinks, unverified };
}

export function checkPatchPolicy(input: PatchPolicyInput): PatchPolicyResult {
  try {
    return evaluate(input);
  } catch (error) {
    if (error instanceof Refusal) return refused(error.message);
    throw error;
  }
}

function evaluate(input: PatchPolicyInput): PatchPolicyResult {
  const { patch, policy, scope } = input;
  const maxCommits = scope.subIssues.length + 1;
  if (patch.commits.length === 0) throw new Refusal('it has no commit');
  if (patch.commits.length > maxCommits)
    throw new Refusal(
      `it has ${patch.commits.length} commits; a task with ${scope.subIssues.length} sub-issues may have at most ${maxCommits}`,
    );
  const matcher = protectedPathMatcher([...DEFAULT_PROTECTED_PATTERNS, ...policy.protected_paths]);
  const workflows = protectedPathMatcher(WORKFLOW_PATTERNS);
  const base = new TreeState(input.baseTree);
  const state = new TreeState(input.baseTree);
  const target = input.targetTree ?? input.baseTree;
  const accounting: Accounting = { counted: new Map(), bytes: 0, modeChecks: new Map() };
  const written = new Set<string>();
  const commits: PatchCommit[] = [];
  const strippedTrailers: Array<{ commit: number; trailer: string }> = [];
  patch.commits.forEach((commit, index) => {
    checkCommitShape(commit, index, scope);
    const message = checkCommitMessage(commit.message, scope);
    if (!message.ok) throw new Refusal(`the message of commit ${index + 1} ${message.reason}`);
    for (const trailer of message.strippedTrailers) strippedTrailers.push({ commit: index, trailer });
    const effects = commit.changes.flatMap((change) => applyChange(state, change));
    if (effects.length === 0) throw new Refusal(`commit ${index + 1} changes nothing`);
    for (const change of commit.changes) if (change.action === 'write') written.add(change.path);
    count(accounting, effects, target);
    commits.push({ ...commit, message: message.message });
  });
  if (accounting.counted.size > policy.max_files)
    throw new Refusal(
      `it changes ${accounting.counted.size} files (deletions counted per file), more than \`patch.max_files\` (${policy.max_files})`,
    );
  if (accounting.bytes > policy.max_bytes)
    throw new Refusal(
      `it writes ${accounting.bytes} bytes, more than \`patch.max_bytes\` (${policy.max_bytes})`,
    );
  const { protectedLinks, unverified } = checkSymlinks(state, base, written, matcher);
  const needsPerson = [
    ...protectedChecks(accounting, matcher, workflows, policy, protectedLinks),
    ...accounting.modeChecks.values(),
    ...unverified,
  ];
  return {
    ok: true,
    patch: { ...patch, commits },
    needsPerson,
    strippedTrailers,
    effects: { files: accounting.counted.size, bytes: accounting.bytes },
  };
}
