/**
 * Reads and checks a whole backlog before anything is created: every line is parsed and
 * validated on its own (format, then GitHub's length limits), then the references between
 * lines (epic, story, blockers). Problems make the whole file refused; warnings (a blocker that
 * is no line's id, a task blocked by itself, a cycle) say what will be recorded as it is, for
 * the app to report on the issues, and refuse the file only when `strict`.
 */
import { z } from 'zod';
import {
  backlogLineSchema,
  type BacklogLine,
  type EpicLine,
  type StoryLine,
  type TaskLine,
} from './backlog-line.js';
import { checkLengths } from './check-lengths.js';
import { checkReferences } from './check-references.js';

export interface LineProblem {
  line: number;
  message: string;
}

export interface Located<T> {
  line: number;
  item: T;
}

export interface Backlog {
  epics: Located<EpicLine>[];
  stories: Located<StoryLine>[];
  tasks: Located<TaskLine>[];
}

export interface ParseOptions {
  /** Warnings refuse the file too. */
  strict?: boolean;
}

export type ParseResult =
  | { ok: true; backlog: Backlog; warnings: LineProblem[] }
  | { ok: false; problems: LineProblem[]; warnings: LineProblem[] };

export function parseBacklog(text: string, options: ParseOptions = {}): ParseResult {
  const problems: LineProblem[] = [];
  const lines: Located<BacklogLine>[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const parsed = parseLine(raw, index + 1);
    if ('problem' in parsed) problems.push(parsed.problem);
    else lines.push(parsed);
  });
  if (lines.length === 0 && problems.length === 0)
    problems.push({ line: 1, message: 'the file holds no backlog lines' });
  const lengths = checkLengths(lines);
  const references = checkReferences(lines);
  problems.push(...lengths.problems, ...references.problems);
  const warnings = [...lengths.warnings, ...references.warnings];
  if (options.strict) problems.push(...warnings.splice(0));
  if (problems.length > 0) return { ok: false, problems: byLine(problems), warnings: byLine(warnings) };
  return { ok: true, backlog: group(lines), warnings: byLine(warnings) };
}

function byLine(problems: LineProblem[]): LineProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}

function parseLine(raw: string, line: number): Located<BacklogLine> | { problem: LineProblem } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { problem: { line, message: `not valid JSON (${error.message})` } };
  }
  const result = backlogLineSchema.safeParse(json);
  if (!result.success) return { problem: { line, message: describeIssues(result.error) } };
  return { line, item: result.data };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'invalid_union' && issue.path[0] === 'type')
        return 'type must be one of epic, story, task';
      if (issue.code === 'unrecognized_keys')
        return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
        return `${path} is required`;
      if (path === 'priority')
        return 'priority must be an integer 1-10 or one of critical, high, normal, low';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function group(lines: Located<BacklogLine>[]): Backlog {
  const backlog: Backlog = { epics: [], stories: [], tasks: [] };
  for (const { line, item } of lines) {
    if (item.type === 'epic') backlog.epics.push({ line, item });
    else if (item.type === 'story') backlog.stories.push({ line, item });
    else backlog.tasks.push({ line, item });
  }
  return backlog;
}
