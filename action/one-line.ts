/** Output and reasons made to fit one line of a status comment or a run page. */

/** The last non-empty line of a command's output: usually the error that ended it. */
export function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? '(no output)';
}

export function oneLine(text: string, maxLength = 500): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
