/**
 * Workflow commands a step prints on stdout (`::error::`, `::add-mask::`, …).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
/** What `::error::`, `::warning::` and `::notice::` leave on the job's check run. */
export interface CommandAnnotation {
  level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string | null;
  /** GitHub puts an annotation without `file=` on `.github`, line 1. */
  path: string;
  startLine: number;
  endLine: number;
}

export type WorkflowCommand =
  | { kind: 'log'; line: string; annotation?: CommandAnnotation }
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
    const found = properties(props);
    const where = found.file ? ` (${found.file})` : '';
    return {
      kind: 'log',
      line: `##[${name}]${title}${where}: ${message}`,
      annotation: annotationOf(name, found, message),
    };
  }
  return { kind: 'log', line };
}

const LEVELS: Record<string, CommandAnnotation['level']> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice',
};

function annotationOf(name: string, found: Record<string, string>, message: string): CommandAnnotation {
  const line = Number(found.line) || 1;
  return {
    level: LEVELS[name] ?? 'notice',
    message,
    title: found.title ?? null,
    path: found.file ?? '.github',
    startLine: line,
    endLine: Number(found.endLine) || line,
  };
}
