/**
 * Text Drover writes to GitHub: bounded to GitHub's limits, and text that came from an agent
 * or an issue made inert, so it cannot close issues, ping people or pose as Drover's own lines.
 */

/**
 * GitHub's limits, as its API states them in 422 answers: "title is too long (maximum is 256
 * characters)" and "body is too long (maximum is 65536 characters)" for issues, pull requests
 * and comments (the same validation covers all three); label names "maximum is 50 characters".
 */
export const GITHUB_LIMITS = {
  titleChars: 256,
  bodyChars: 65_536,
  commentChars: 65_536,
  labelNameChars: 50,
} as const;

/** Cut to at most `max` characters (UTF-16 units, as GitHub counts), never inside a surrogate pair. */
export function capText(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${marker}`;
}

/**
 * GitHub closes an issue when a pull request description or a commit message on the default
 * branch says "close/closes/closed/fix/fixes/fixed/resolve/resolves/resolved", in any case, an
 * optional colon, then a reference: `#N`, `GH-N`, `owner/repo#N` or the URL. Anything
 * between the keyword and the reference breaks the link ("fixes- #12" closes nothing), so the
 * keyword gets a hyphen and the reference stays readable (and still cross-links, which closes
 * nothing).
 */
const CLOSING_KEYWORD =
  /(?<![\p{L}\p{N}])(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=\s*:\s*\S|\s+(?:[#＃[<(]|https?:|gh-|\S*\d))/giu;

export function neutraliseClosingKeywords(text: string): string {
  return text.replace(CLOSING_KEYWORD, '$1-');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/**
 * Untrusted text shown as a fenced code block it cannot close (the fence is longer than any
 * backtick run inside). GitHub links no reference, pings no mention and renders no HTML, image
 * or link inside a code block. Closing keywords are neutralised too, because a squash merge
 * copies the description into the commit message as plain text.
 */
export function inertBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  const body = neutraliseClosingKeywords(text.replace(/\r\n?/g, '\n'));
  return `${fence}text\n${body}\n${fence}`;
}

/**
 * Untrusted text on one line as a code span (inert for the same reasons), for table cells:
 * `|` is escaped, which GFM tables require even inside code spans.
 */
export function inertInline(text: string, max: number): string {
  const line = capText(text.replace(/[\r\n\t]+/g, ' ').trim(), max);
  if (line === '') return '(none)';
  const fence = '`'.repeat(longestRun(line, '`') + 1);
  const padded = line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line;
  return `${fence}${neutraliseClosingKeywords(padded).replace(/\|/g, '\\|')}${fence}`;
}
