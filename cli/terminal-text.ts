/**
 * Text from GitHub (titles, labels, error messages) or from a backlog file is written by people
 * we do not trust, and a terminal obeys control characters: an ANSI or OSC escape in a title can
 * recolour or clear the screen, retitle the window, write to the clipboard or hide a line. So
 * everything the CLI prints goes through here.
 *
 * Whole escape sequences are removed first (node's own `stripVTControlCharacters`, so no stray
 * `[31m` is left behind), then every remaining C0 control, DEL and C1 control: what is left can
 * contain no byte a terminal acts on, whatever sequence a regular expression might miss.
 */
import { stripVTControlCharacters } from 'node:util';

/** C0 controls except tab and newline, DEL, and C1 controls (which 8-bit terminals obey too, e.g. U+009B = CSI). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /[\t\n]/g;

/** Multi-line text (a rendered report): line breaks and tabs kept, every other control removed. */
export function terminalText(text: string): string {
  return stripVTControlCharacters(text).replace(CONTROLS, '');
}

/** One field shown on one line (a title, a label): line breaks and tabs become spaces. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(LINE_BREAKS, ' ');
}
