/**
 * Text from GitHub (titles, labels, error messages) or from a backlog file is written by people
 * we do not trust, and a terminal obeys control characters: an ANSI or OSC escape in a title can
 * recolour or clear the screen, retitle the window, write to the clipboard, plant a hyperlink or
 * hide a line. So everything the CLI prints goes through here.
 *
 * Whole escape sequences are removed first (ECMA-48: CSI, the OSC/DCS/SOS/PM/APC strings up to
 * their terminator, and the short ESC sequences, in 7-bit and 8-bit form), so no stray `[31m`
 * or window title is left behind; then every remaining C0 control, DEL and C1 control, so what
 * is left contains no character a terminal acts on, whatever sequence the first step missed.
 */

/** OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or U+009C). */
const CONTROL_STRING =
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)/g;
/** CSI: parameters, intermediates, one final byte. */
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]/g;
/** Every other escape sequence: ESC, intermediates, one final byte. */
const ESCAPE = /\u001b[ -/]*[0-~]/g;
/** C0 controls except tab and newline, DEL, and C1 controls (which terminals obey too: U+009B is CSI). */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAKS = /[\t\n]/g;

/** Multi-line text (a rendered report): line breaks and tabs kept, every other control removed. */
export function terminalText(text: string): string {
  return text.replace(CONTROL_STRING, '').replace(CSI, '').replace(ESCAPE, '').replace(CONTROLS, '');
}

/** One field shown on one line (a title, a label): line breaks and tabs become spaces. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(LINE_BREAKS, ' ');
}
