/**
 * Which ref names the Git refs API accepts, and GitHub's words when it does not.
 *
 * On create, GitHub checks, in this order: git's own ref-name rules (`git check-ref-format`),
 * then that the name is under `refs/`, then that it has at least three components
 * (`refs/tags` is refused, `refs/tags/v1` and `refs/drover/state` are fine). On every write
 * (create, update, delete) `refs/pull/*` is read-only and `refs/__gh__/*` is reserved.
 * Observed answers: "refs/heads/ is not a valid ref name." and
 * "Reference name must contain at least three slash-separated components." (octokit.rb#675).
 */

/** Why `name` breaks git's ref-name rules (https://git-scm.com/docs/git-check-ref-format), or undefined. */
export function gitRefNameProblem(name: string): string | undefined {
  if (name === '' || name === '@') return 'empty or "@"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'empty component';
  if (name.endsWith('.')) return 'ends with "."';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  // Control characters, space and the characters revision syntax and globs give meaning to.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'contains a forbidden character';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return 'a component starts with "."';
    if (component.endsWith('.lock')) return 'a component ends with ".lock"';
  }
  return undefined;
}

/** GitHub's 422 message for a name the create-a-reference endpoint refuses, or undefined. */
export function createRefNameProblem(name: string): string | undefined {
  if (gitRefNameProblem(name)) return `${name} is not a valid ref name.`;
  if (!name.startsWith('refs/')) return "Reference name must start with 'refs/'.";
  if (!/^refs\/[^/]+\/[^/]/.test(name)) {
    return 'Reference name must contain at least three slash-separated components.';
  }
  return writeRefNameProblem(name);
}

/** GitHub's 422 message for a ref no API may write (create, update or delete), or undefined. */
export function writeRefNameProblem(name: string): string | undefined {
  if (/^refs\/pull(\/|$)/.test(name)) return 'refs/pull/* is read-only.';
  if (/^refs\/__gh__(\/|$)/.test(name)) return 'refs/__gh__/* is reserved for internal use.';
  return undefined;
}

/** A branch (`refs/heads/…`) or a tag (`refs/tags/…`): the refs GitHub sends events for. */
export function refKind(ref: string): 'branch' | 'tag' | 'other' {
  if (ref.startsWith('refs/heads/')) return 'branch';
  if (ref.startsWith('refs/tags/')) return 'tag';
  return 'other';
}

/** `refs/heads/main` → `main`, `refs/tags/v1` → `v1`; other refs unchanged. */
export function shortRefName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
