/**
 * Backlog records as JSON text that carries no raw control character: JSON.stringify escapes
 * C0 controls but writes DEL and the C1 controls (U+0080–U+009F, which terminals obey: U+009B
 * is CSI) as they are. Escaping them keeps the data exact (a title comes back the same on
 * import) and the text safe to print.
 */
const UNESCAPED_CONTROLS = /[\u007f-\u009f]/g;

function escapeControls(json: string): string {
  return json.replace(UNESCAPED_CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function toJsonLines(records: readonly unknown[]): string {
  return records.map((record) => `${escapeControls(JSON.stringify(record))}\n`).join('');
}

export function toJsonArray(records: readonly unknown[]): string {
  return `${escapeControls(JSON.stringify(records, null, 2))}\n`;
}
