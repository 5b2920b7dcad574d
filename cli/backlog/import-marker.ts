/**
 * The import marker: each issue `drover import-jsonl` creates records the backlog line's id in
 * its body, so a second import finds it instead of creating it again, and export gives it back.
 */
const MARKER = /\n*<!-- drover:import-id (.+?) -->\s*$/;

export function withImportMarker(description: string | undefined, id: string): string {
  const text = (description ?? '').trimEnd();
  const marker = `<!-- drover:import-id ${id} -->`;
  return text ? `${text}\n\n${marker}\n` : `${marker}\n`;
}

export function readImportMarker(
  body: string | null | undefined,
): { id: string; description: string } | null {
  const match = MARKER.exec(body ?? '');
  if (!match?.[1]) return null;
  return { id: match[1], description: (body ?? '').slice(0, match.index).trimEnd() };
}
