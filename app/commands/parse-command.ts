/**
 * Turns a comment body into a `/drover` command. Only a line that starts with `/drover` counts:
 * quoted lines (`> /drover run`), fenced code blocks and HTML comments (hidden text) never do,
 * so quoting or documenting a command does not run it.
 */
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
  | { kind: 'reset'; target: ResetTarget };

export interface CommandError {
  kind: 'error';
  /** What is wrong, in one sentence. */
  message: string;
  usage: string;
}

export function isCommandError(result: ParsedCommand | CommandError): result is CommandError {
  return result.kind === 'error';
}

/** Up to three spaces of indentation still start a line in Markdown; four make a code block. */
const COMMAND_LINE = /^ {0,3}\/drover(?:\s+(.*))?$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

export function parseCommand(body: string): ParsedCommand | CommandError | null {
  const line = findCommandLine(body);
  if (line === null) return null;
  const [verb, ...args] = line.split(/\s+/).filter((token) => token.length > 0);
  if (verb === undefined) return usageError('The command is missing after /drover.');
  return parseVerb(verb.toLowerCase(), args);
}

/** The text after `/drover` on the first command line outside code and comments, or null. */
function findCommandLine(body: string): string | null {
  const lines = body.replace(HTML_COMMENT, '').split(/\r?\n/);
  let openFence: string | null = null;
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (openFence !== null) {
      // A fence closes with the same character, at least as long as the opening one.
      if (fence !== undefined && fence[0] === openFence[0] && fence.length >= openFence.length)
        openFence = null;
      continue;
    }
    if (fence !== undefined) {
      openFence = fence;
      continue;
    }
    const match = COMMAND_LINE.exec(line.trimEnd());
    if (match) return match[1] ?? '';
  }
  return null;
}

function parseVerb(verb: string, args: string[]): ParsedCommand | CommandError {
  switch (verb) {
    case 'run':
      return parseRun(args);
    case 'retry':
      return parseRetry(args);
    case 'reset':
      return parseReset(args);
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

function parseRetry(args: string[]): ParsedCommand | CommandError {
  if (args.length !== 1) return usageError('/drover retry takes exactly one issue, like #12.');
  const task = parseIssueNumber(args[0] as string);
  if (task === null) return usageError(`"${args[0]}" is not an issue number; write it like #12.`);
  return { kind: 'retry', task };
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
