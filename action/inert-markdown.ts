/**
 * Issue text as the agent should read it: what the person who approved the issue saw on
 * github.com, and nothing that acts. Parsed as GitHub-flavoured Markdown (micromark, the
 * CommonMark reference parser), so code blocks and code spans are left exactly as written.
 *
 * - Link reference definitions (`[x]: https://… "text"`) render as nothing: removed, with a marker.
 * - Images (`![alt](url)`, `<img>`): the alt text is not shown and the address would be fetched
 *   by an agent that follows it (a channel out): replaced by a marker naming neither.
 * - Raw HTML tags keep their name but lose their attributes (titles, alt text, hidden styles
 *   are not what a reader sees); HTML comments are removed. `<details>` stays visible as a tag:
 *   its content is collapsed on GitHub, and the agent is told so.
 * - Link titles (tooltips) are dropped; the link text and address stay.
 */
import type { Nodes, Parents } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

interface Replacement {
  start: number;
  end: number;
  text: string;
}

const DEFINITION_MARKER = '[link definition removed: it is not shown on GitHub]';
const IMAGE_MARKER = '[image omitted]';

/** One raw HTML fragment with comments removed, images replaced and attributes dropped. */
export function inertHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<img\b[^>]*>?/gi, IMAGE_MARKER)
    .replace(
      /<(\/?)([a-z][a-z0-9-]*)\b[^>]*>/gi,
      (_tag, slash: string, name: string) => `<${slash}${name.toLowerCase()}>`,
    );
}

function replacementFor(node: Nodes): string | null {
  switch (node.type) {
    case 'definition':
      return DEFINITION_MARKER;
    case 'image':
    case 'imageReference':
      return IMAGE_MARKER;
    case 'html':
      return inertHtml(node.value);
    case 'link':
      return node.title ? `[${toString(node)}](${node.url})` : null;
    default:
      return null;
  }
}

function collect(node: Nodes, out: Replacement[]): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const text = replacementFor(node);
  if (text !== null && start !== undefined && end !== undefined) {
    out.push({ start, end, text });
    return;
  }
  if ('children' in node) for (const child of (node as Parents).children) collect(child, out);
}

/**
 * For text the parser cannot take (micromark recurses per nesting level: thousands of nested
 * quotes exhaust the stack): the same markers by pattern, erring towards removing more.
 */
function inertByPattern(text: string): string {
  return inertHtml(text)
    .replace(/!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])/g, IMAGE_MARKER)
    .replace(/^[ \t>]*\[[^\]]+\]:.*$/gm, DEFINITION_MARKER);
}

/**
 * micromark's time grows with the square of the nesting depth (50,000 nested quotes: over a
 * minute, then a stack overflow). No issue a person wrote nests this deep; past it, patterns.
 */
const MAX_CONTAINER_PREFIX = 200;

function nestsTooDeeply(text: string): boolean {
  return text
    .split('\n')
    .some((line) => (/^[\s>*+\-0-9.)]*/.exec(line)?.[0].length ?? 0) > MAX_CONTAINER_PREFIX);
}

export function inertMarkdown(text: string): string {
  if (nestsTooDeeply(text)) return inertByPattern(text);
  let tree: ReturnType<typeof fromMarkdown>;
  try {
    tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch (error) {
    if (error instanceof RangeError) return inertByPattern(text);
    throw error;
  }
  const replacements: Replacement[] = [];
  collect(tree, replacements);
  let result = '';
  let at = 0;
  for (const replacement of replacements.sort((a, b) => a.start - b.start)) {
    if (replacement.start < at) continue;
    result += text.slice(at, replacement.start) + replacement.text;
    at = replacement.end;
  }
  return result + text.slice(at);
}
