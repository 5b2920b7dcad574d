/**
 * Machine-readable markers inside comments and issue bodies. A comment Drover owns carries
 * `<!-- drover:<key> -->` (what it is) and may carry `<!-- drover:data <base64 JSON> -->`
 * (state the app needs after a restart). HTML comments are invisible on GitHub, and base64
 * keeps `-->` or markdown in the data from ending the comment early.
 */
const KEY_PATTERN = /<!-- drover:(?!data )([A-Za-z0-9:_#.-]+) -->/;
const DATA_PATTERN = /<!-- drover:data ([A-Za-z0-9+/=]+) -->/;

export function keyMarker(key: string): string {
  return `<!-- drover:${key} -->`;
}

export function dataMarker(data: unknown): string {
  return `<!-- drover:data ${Buffer.from(JSON.stringify(data), 'utf8').toString('base64')} -->`;
}

export function readKey(body: string | null | undefined): string | null {
  return KEY_PATTERN.exec(body ?? '')?.[1] ?? null;
}

/** The decoded data marker, or null when absent or unreadable (a damaged marker is not data). */
export function readData(body: string | null | undefined): unknown {
  const encoded = DATA_PATTERN.exec(body ?? '')?.[1];
  if (encoded === undefined) return null;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** The key of Drover's answer to the `/drover` comment `commentId`. */
export function replyKey(commentId: number): string {
  return `reply-${commentId}`;
}

/**
 * The `/drover` comments a body of ours answers: its `reply-<id>` markers (an answer's key; a
 * refusal, keyed by person, carries one more for the command it refuses).
 */
export function answeredCommands(body: string | null | undefined): number[] {
  return [...(body ?? '').matchAll(/<!-- drover:reply-(\d+) -->/g)].map((match) => Number(match[1]));
}

/** The visible part of a body: everything except our markers. */
export function visiblePart(body: string): string {
  return body
    .replace(new RegExp(KEY_PATTERN.source, 'g'), '')
    .replace(new RegExp(DATA_PATTERN.source, 'g'), '')
    .trimEnd();
}

/** Compose a body from its visible text, its key and (optionally) its data. */
export function composeBody(visible: string, key: string, data?: unknown): string {
  const parts = [visible.trimEnd(), '', keyMarker(key)];
  if (data !== undefined && data !== null) parts.push(dataMarker(data));
  return parts.join('\n');
}
