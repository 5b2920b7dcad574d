/**
 * Issue titles are untrusted: anyone who can open an issue chooses them. Before one goes into a
 * comment Drover writes, it must not be able to break out of a table cell or a mermaid label,
 * inject HTML or hidden text, or ping people with @mentions.
 */

/** Titles are capped so one long title cannot blow up a table row or a graph node. */
export const MAX_TITLE_CHARS = 60;

const HTML_TAG = /<\/?[a-z!][^>]*>/gi;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

/** One line, no tags, no control or invisible characters, at most `max` characters. */
export function plainTitle(text: string, max = MAX_TITLE_CHARS): string {
  const flat = text.replace(HTML_TAG, ' ').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/**
 * A mermaid node label: only letters, digits, spaces and punctuation that has no meaning to
 * mermaid. Quotes, brackets, backticks, `#` and `;` (mermaid entity codes like `#quot;`),
 * `|` (edge labels), `<>` and `&` are dropped, so the label cannot close its node or the fence.
 */
export function mermaidLabel(text: string, max = MAX_TITLE_CHARS): string {
  const safe = plainTitle(text, Number.MAX_SAFE_INTEGER)
    .replace(/[^\p{L}\p{N} .,:!?_+\-/=@*']/gu, ' ')
    .replace(/'/g, '’')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(safe, max);
}

/** A Markdown table cell: pipes escaped, HTML characters as entities, @mentions defused. */
export function markdownCell(text: string, max = MAX_TITLE_CHARS): string {
  return plainTitle(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'")
    .replace(/[[\]]/g, (bracket) => `\\${bracket}`)
    .replace(/@(?=[a-z0-9])/gi, '@&#8203;');
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
