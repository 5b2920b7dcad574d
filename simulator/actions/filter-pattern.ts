/**
 * GitHub's branch and tag filter patterns (`on.push.branches`, `on.pull_request.branches`, …),
 * which are not shell globs: `*` matches any characters but `/`, `**` any characters, `?` makes
 * the preceding character optional, `+` repeats it, `[…]` is a character class, and a pattern
 * starting with `!` excludes what earlier patterns included (the last matching pattern decides).
 * https://docs.github.com/actions/writing-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet
 */

function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '*') {
      const double = pattern[i + 1] === '*';
      source += double ? '.*' : '[^/]*';
      if (double) i += 1;
    } else if (char === '?' || char === '+') {
      source += char;
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += pattern.slice(i, end + 1);
        i = end;
      }
    } else if (char === '\\' && i + 1 < pattern.length) {
      source += `\\${pattern[i + 1] as string}`;
      i += 1;
    } else {
      source += char.replace(/[.^$|(){}\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Whether `name` passes a list of patterns (with `!` exclusions, the last match wins). */
export function matchesPatterns(name: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (patternRegExp(negated ? pattern.slice(1) : pattern).test(name)) included = !negated;
  }
  return included;
}
