/**
 * Issue and comment text is untrusted data written by anyone who can open an issue. Before it
 * enters a prompt, remove what a reader of the issue on github.com would not see: HTML
 * comments (hidden when rendered) and invisible Unicode (zero-width characters, bidi
 * overrides, tag characters), the usual carriers of hidden prompt injections.
 */

/** HTML comments, including an unterminated one (GitHub hides the rest of the text then too). */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/**
 * Zero-width and formatting characters (Unicode category Cf: U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+206F, U+FEFF, U+00AD…), the tag block U+E0000–U+E007F ("ASCII smuggling"), and
 * variation selectors; newline and tab stay.
 */
const INVISIBLE = /[\p{Cf}\u{E0000}-\u{E007F}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]/gu;

/** Control characters other than tab and newline (a carriage return becomes a newline first). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function sanitizeUntrustedText(text: string | null | undefined): string {
  if (text == null) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(HTML_COMMENT, '')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line, for titles and commit subjects. */
export function sanitizeOneLine(text: string | null | undefined, maxLength = 200): string {
  const line = sanitizeUntrustedText(text).replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
