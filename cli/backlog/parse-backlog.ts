/**
 * Reads and checks a whole backlog before anything is created: every line is parsed and
 * validated on its own, then the references between lines (epic, story, blockers) are checked.
 * Every problem is reported with its line number; one bad line makes the whole file refused.
 */
import { z } from 'zod';
import { epicLabelName, LABEL_NAME_MAX } from '../labels.js';
import {
  backlogLineSchema,
  type BacklogLine,
  type EpicLine,
  type StoryLine,
  type TaskLine,
} from './backlog-line.js';

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

export type ParseResult = { ok: true; backlog: Backlog } | { ok: false; problems: LineProblem[] };

export function parseBacklog(text: string): ParseResult {
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
  problems.push(...checkReferences(lines));
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, backlog: group(lines) };
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

function checkReferences(lines: Located<BacklogLine>[]): LineProblem[] {
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, Located<BacklogLine>>();
  for (const located of lines) {
    const earlier = firstLineOf.get(located.item.id);
    if (earlier)
      problems.push({
        line: located.line,
        message: `id "${located.item.id}" is already used on line ${earlier.line}`,
      });
    else firstLineOf.set(located.item.id, located);
  }
  const typeOf = (id: string) => firstLineOf.get(id)?.item.type;
  for (const { line, item } of lines) {
    if (item.type === 'epic') {
      if (epicLabelName(item.id).length > LABEL_NAME_MAX) {
        problems.push({
          line,
          message: `epic id "${item.id}" is too long for a label (at most ${LABEL_NAME_MAX - 5} characters)`,
        });
      }
      continue;
    }
    if (item.epic_id !== undefined && typeOf(item.epic_id) !== 'epic') {
      problems.push({ line, message: `epic_id "${item.epic_id}" is not the id of an epic line` });
    }
    if (item.type === 'task' && item.story_id !== undefined)
      problems.push(...checkStory(item, line, firstLineOf));
    for (const blocker of item.blocked_by) {
      if (blocker === item.id) problems.push({ line, message: `"${item.id}" cannot be blocked by itself` });
      else if (typeOf(blocker) === undefined)
        problems.push({ line, message: `blocked_by "${blocker}" is not the id of any line` });
      else if (typeOf(blocker) === 'epic')
        problems.push({ line, message: `blocked_by "${blocker}" is an epic; name a story or task` });
    }
  }
  return problems.concat(findCycles(lines));
}

function checkStory(task: TaskLine, line: number, byId: Map<string, Located<BacklogLine>>): LineProblem[] {
  const story = byId.get(task.story_id ?? '');
  if (story?.item.type !== 'story')
    return [{ line, message: `story_id "${task.story_id}" is not the id of a story line` }];
  const storyEpic = story.item.epic_id;
  if (task.epic_id !== undefined && storyEpic !== undefined && task.epic_id !== storyEpic) {
    return [
      {
        line,
        message: `epic_id "${task.epic_id}" differs from its story's epic "${storyEpic}" (line ${story.line})`,
      },
    ];
  }
  return [];
}

/** A blocked_by cycle would never run; report each cycle once, on the line of its first member. */
function findCycles(lines: Located<BacklogLine>[]): LineProblem[] {
  const byId = new Map(lines.map((located) => [located.item.id, located]));
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: LineProblem[] = [];
  const visit = (id: string, stack: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = stack.slice(stack.indexOf(id));
      const first = byId.get(cycle[0] ?? id);
      problems.push({ line: first?.line ?? 0, message: `blocked_by cycle: ${[...cycle, id].join(' → ')}` });
      return;
    }
    const located = byId.get(id);
    if (!located || located.item.type === 'epic') return;
    state.set(id, 'visiting');
    for (const blocker of located.item.blocked_by) visit(blocker, [...stack, id]);
    state.set(id, 'done');
  };
  for (const { item } of lines) visit(item.id, []);
  return problems;
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
