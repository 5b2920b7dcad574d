/**
 * Opaque connection cursors. Like GitHub's (`Y3Vyc29yOnYyOp…` = base64 of `cursor:v2:…`) they are
 * base64 of a versioned prefix and a payload. The payload names the item (its database id) and
 * where it was, so a page boundary survives items being added or removed before it.
 */
const PREFIX = 'cursor:v2:';

export interface CursorPosition {
  /** Database id of the item the cursor points at. */
  id: number;
  /** Its index in the list when the cursor was made. */
  offset: number;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${PREFIX}${JSON.stringify([position.id, position.offset])}`, 'utf8').toString('base64');
}

/** The position a cursor names, or undefined when the string is not one of our cursors. */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const payload = parseJson(text.slice(PREFIX.length));
  if (!Array.isArray(payload) || payload.length !== 2) return undefined;
  const [id, offset] = payload as unknown[];
  if (!Number.isSafeInteger(id) || !Number.isSafeInteger(offset) || (offset as number) < 0) return undefined;
  return { id: id as number, offset: offset as number };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
