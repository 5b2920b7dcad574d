/**
 * Turns a comment body into a `/drover` command. The body's blocks are parsed as GitHub renders
 * them (markdown-it: CommonMark plus GFM tables, raw HTML on), and a command counts
 * only as the first line of a TOP-LEVEL paragraph: never in a quote (a lazy continuation line
 * included), a list item, a code block or fence (whatever its info string), a table, a heading,
 * raw HTML, or anything after an HTML element that is still open (`<details>`, `<div>`), whose
 * content GitHub renders inside that element. Quoting or documenting a command does not run it.
 */
import MarkdownIt from 'markdown-it';
import { parseAge } from '../../core/prune-attempt-refs.js';
import { COMMAND_USAGE } from './command-usage.js';

/** Bounds of `--workers`, the same as the config's `workers` (1..64). */
export const MIN_WORKERS = 1;
export const MAX_WORKERS = 64;

export type ResetTarget = { kind: 'tasks'; tasks: number[] } | { kind: 'failed' };

export type ParsedCommand =
  | { kind: 'run'; epic: string | null; workers: number | null; budgetUsd: number | null }
  | { kind: 'status' }
  | { kind: 'plan' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'retry'; task: number }
  | { kind: 'approve'; task: number }
  | { kind: 'reset'; target: ResetTarget }
  | { kind: 'spec'; paths: string[] }
  | { kind: 'revise'; text: string }
  | { kind: 'cleanup'; olderThanMs: number };

export interface CommandError {
  kind: 'error';
  /** What is wrong, in one sentence. */
  message: string;
  usage: string;
}

export function isCommandError(result: ParsedCommand | CommandError): result is CommandError {
  return result.kind === 'error';
}

const COMMAND_LINE = /^\/drover(?:\s+(.*))?$/i;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** HTML elements that never hold content (HTML's void elements). */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

export function parseCommand(body: string): ParsedCommand | CommandError | null {
  const line = findCommandLine(body);
  if (line === null) return null;
  const [verb, ...args] = line.split(/\s+/).filter((token) => token.length > 0);
  if (verb === undefined) return usageError('The command is missing after /drover.');
  return parseVerb(verb.toLowerCase(), args);
}

/**
 * Block structure only: inline parsing (links, emphasis) cannot move a command and is where
 * Markdown parsers are slowest on hostile input, so it is off. Nesting deeper than
 * markdown-it's limit (100) ends the parse there, which only ever drops a command.
 */
const markdown = new MarkdownIt('default', { html: true });
markdown.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);

/** How many HTML elements a raw HTML block opens (positive) or closes (negative). */
function htmlDepthChange(html: string): number {
  let depth = 0;
  for (const match of html.replace(HTML_COMMENT, '').matchAll(/<(\/?)([a-z][a-z0-9-]*)\b[^>]*?(\/?)>/gi)) {
    const [, closing, name = '', selfClosing] = match;
    if (VOID_ELEMENTS.has(name.toLowerCase()) || selfClosing) continue;
    depth += closing ? -1 : 1;
  }
  return depth;
}

/**
 * The text after `/drover` on the first command line GitHub shows as a paragraph of its own, or
 * null. HTML blocks at any depth count towards open elements (an element a list item leaves open
 * is closed by the list in HTML, so this only errs towards "not a command").
 */
function findCommandLine(body: string): string | null {
  if (!/\/drover/i.test(body)) return null;
  const tokens = markdown.parse(body, {});
  let openElements = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.type === 'html_block') {
      openElements = Math.max(0, openElements + htmlDepthChange(token.content));
      continue;
    }
    if (token?.type !== 'paragraph_open' || token.level !== 0 || openElements > 0) continue;
    // The paragraph's text (each line without its indentation), inline parsing being off.
    const firstLine = (tokens[i + 1]?.content ?? '').split('\n', 1)[0] ?? '';
    const match = COMMAND_LINE.exec(firstLine.replace(HTML_COMMENT, '').trimEnd());
    if (match) return match[1] ?? '';
  }
  return null;
}

function parseVerb(verb: string, args: string[]): ParsedCommand | CommandError {
  switch (verb) {
    case 'run':
      return parseRun(args);
    case 'retry':
    case 'approve':
      return parseOneTask(verb, args);
    case 'reset':
      return parseReset(args);
    case 'spec':
      return parseSpec(args);
    case 'revise':
      if (args.length === 0)
        return usageError(
          '/drover revise needs what to change, like `/drover revise rename the flag to --dry-run`.',
        );
      return { kind: 'revise', text: args.join(' ') };
    case 'cleanup':
      return parseCleanup(args);
    case 'status':
    case 'plan':
    case 'pause':
    case 'resume':
    case 'cancel':
    case 'help':
      if (args.length > 0) return usageError(`/drover ${verb} takes no arguments (got "${args.join(' ')}").`);
      return { kind: verb };
    default:
      return usageError(`"${verb}" is not a Drover command.`);
  }
}

function parseRun(args: string[]): ParsedCommand | CommandError {
  const command = {
    kind: 'run' as const,
    epic: null as string | null,
    workers: null as number | null,
    budgetUsd: null as number | null,
  };
  const queue = splitEqualsOptions(args);
  while (queue.length > 0) {
    const token = queue.shift() as string;
    if (token === '--workers') {
      const workers = parseWorkers(queue.shift());
      if (typeof workers === 'string') return usageError(workers);
      command.workers = workers;
    } else if (token === '--budget') {
      const budget = parseBudget(queue.shift());
      if (typeof budget === 'string') return usageError(budget);
      command.budgetUsd = budget;
    } else if (token.startsWith('--')) {
      return usageError(`Unknown option "${token}" for /drover run.`);
    } else if (command.epic !== null) {
      return usageError(`/drover run takes one epic at most (got "${command.epic}" and "${token}").`);
    } else {
      command.epic = token;
    }
  }
  return command;
}

/** `--workers=3` is accepted as well as `--workers 3`. */
function splitEqualsOptions(args: string[]): string[] {
  return args.flatMap((arg) => {
    const match = /^(--[a-z-]+)=(.*)$/i.exec(arg);
    return match ? [match[1] as string, match[2] as string] : [arg];
  });
}

function parseWorkers(value: string | undefined): number | string {
  if (value === undefined) return '--workers needs a number.';
  const workers = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(workers) || workers < MIN_WORKERS || workers > MAX_WORKERS) {
    return `--workers must be a whole number from ${MIN_WORKERS} to ${MAX_WORKERS} (got "${value}").`;
  }
  return workers;
}

function parseBudget(value: string | undefined): number | string {
  if (value === undefined) return '--budget needs an amount in US dollars.';
  const amount = /^\$?\d+(?:\.\d{1,2})?$/.test(value) ? Number(value.replace('$', '')) : NaN;
  if (!(amount > 0))
    return `--budget must be a positive amount in US dollars, like 25 or 12.50 (got "${value}").`;
  return amount;
}

function parseOneTask(verb: 'retry' | 'approve', args: string[]): ParsedCommand | CommandError {
  if (args.length !== 1) return usageError(`/drover ${verb} takes exactly one issue, like #12.`);
  const task = parseIssueNumber(args[0] as string);
  if (task === null) return usageError(`"${args[0]}" is not an issue number; write it like #12.`);
  return { kind: verb, task };
}

function parseReset(args: string[]): ParsedCommand | CommandError {
  if (args.length === 0) return usageError('/drover reset needs the tasks to reset (#12 #13) or --failed.');
  if (args.includes('--failed')) {
    if (args.length > 1) return usageError('/drover reset takes either issue numbers or --failed, not both.');
    return { kind: 'reset', target: { kind: 'failed' } };
  }
  const tasks: number[] = [];
  for (const arg of args) {
    const task = parseIssueNumber(arg);
    if (task === null) return usageError(`"${arg}" is not an issue number; write it like #12.`);
    if (!tasks.includes(task)) tasks.push(task);
  }
  return { kind: 'reset', target: { kind: 'tasks', tasks } };
}

/** Documents per `/drover spec` (each a file or a folder), and the length of one path. */
export const MAX_SPEC_PATHS = 20;
const MAX_PATH_CHARS = 200;

/**
 * Paths relative to the repository root, as git names them: never absolute, never leaving the
 * root (`..`), no backslashes or control characters. The action checks again where they lead
 * (symlinks included) before it reads anything.
 */
function parseSpec(args: string[]): ParsedCommand | CommandError {
  if (args.length === 0)
    return usageError('/drover spec needs the documents to read: files or folders, like docs/design.md.');
  if (args.length > MAX_SPEC_PATHS)
    return usageError(`/drover spec reads at most ${MAX_SPEC_PATHS} paths at once.`);
  const paths: string[] = [];
  for (const arg of args) {
    const path = arg.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '') || '.';
    const problem = specPathProblem(path);
    if (problem !== null) return usageError(`"${arg}" ${problem}`);
    if (!paths.includes(path)) paths.push(path);
  }
  return { kind: 'spec', paths };
}

function specPathProblem(path: string): string | null {
  if (path.length > MAX_PATH_CHARS) return `is longer than ${MAX_PATH_CHARS} characters.`;
  if (path.startsWith('/') || path.startsWith('-')) return 'is not a path relative to the repository root.';
  if (/[\\\p{Cc}]/u.test(path)) return 'holds a backslash or a control character.';
  if (path.split('/').some((part) => part === '..' || part === ''))
    return 'leaves the repository (or has an empty part).';
  return null;
}

/** Age of `/drover cleanup` when none is given. */
export const DEFAULT_CLEANUP_AGE_MS = 7 * 24 * 3600 * 1000;

function parseCleanup(args: string[]): ParsedCommand | CommandError {
  if (args.length > 1) return usageError('/drover cleanup takes one age at most, like 7d or 12h.');
  if (args.length === 0) return { kind: 'cleanup', olderThanMs: DEFAULT_CLEANUP_AGE_MS };
  const age = parseAge(args[0] as string);
  if (age === null) return usageError(`"${args[0]}" is not an age; write it like 30m, 12h, 7d or 2w.`);
  return { kind: 'cleanup', olderThanMs: age };
}

/** `#12` or `12`; trailing commas are tolerated (`#12, #13`). */
function parseIssueNumber(token: string): number | null {
  const match = /^#?(\d{1,9}),?$/.exec(token);
  if (!match) return null;
  const number = Number(match[1]);
  return number > 0 ? number : null;
}

function usageError(message: string): CommandError {
  return { kind: 'error', message, usage: COMMAND_USAGE };
}
