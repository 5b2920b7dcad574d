/**
 * Workflow commands a step prints on stdout (`::error::`, `::add-mask::`, …).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export type WorkflowCommand =
  | { kind: 'log'; line: string }
  | { kind: 'mask'; value: string }
  | { kind: 'output'; name: string; value: string }
  | { kind: 'hidden' };

const COMMAND = /^::([a-z-]+)( [^:]*)?::(.*)$/;

/** Undo the `%25`/`%0D`/`%0A` escaping @actions/core applies to command data. */
const unescapeData = (value: string) =>
  value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

function properties(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(
    text
      .trim()
      .split(',')
      .map((pair) => pair.split('='))
      .filter((parts): parts is [string, string] => parts.length === 2)
      .map(([key, value]) => [key, unescapeData(value)]),
  );
}

const ANNOTATION_TITLES: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/** What a line of step output means for the log. Lines that are not commands are logged as they are. */
export function parseWorkflowCommand(line: string): WorkflowCommand {
  const match = COMMAND.exec(line);
  if (!match) return { kind: 'log', line };
  const [, name = '', props, data = ''] = match;
  const message = unescapeData(data);
  if (name === 'add-mask') return { kind: 'mask', value: message };
  if (name === 'set-output') return { kind: 'output', name: properties(props).name ?? '', value: message };
  if (name === 'debug' || name === 'endgroup' || name === 'save-state') return { kind: 'hidden' };
  if (name === 'group') return { kind: 'log', line: `▶ ${message}` };
  const title = ANNOTATION_TITLES[name];
  if (title) {
    const where = properties(props).file ? ` (${properties(props).file})` : '';
    return { kind: 'log', line: `##[${name}]${title}${where}: ${message}` };
  }
  return { kind: 'log', line };
}
