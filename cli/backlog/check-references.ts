/**
 * The references between backlog lines: ids unique, `epic_id` and `story_id` naming lines of
 * the right type (problems: the file cannot be imported as meant), and `blocked_by` (warnings:
 * what it says can still be recorded on GitHub, and the app then reports it on the issues, as
 * it reports any problem a person makes by hand):
 * - a blocker that is no line's id becomes a `blocked-by:<id>` label, which holds the task;
 * - a task blocked by itself gets a `blocked-by:#<its number>` label;
 * - a cycle is created with its links; the app runs none of its tasks until it is broken.
 * Cycles are found with the core's iterative graph code: a chain of any length is fine.
 */
import { analyseDag, type GraphNode } from '../../core/task-graph.js';
import { characterCount, LABEL_NAME_MAX } from '../github-limits.js';
import { blockedByMissingLabelName } from '../labels.js';
import type { BacklogLine, TaskLine } from './backlog-line.js';
import type { LineProblem, Located } from './parse-backlog.js';

export interface ReferenceFindings {
  problems: LineProblem[];
  warnings: LineProblem[];
}

export function checkReferences(lines: Located<BacklogLine>[]): ReferenceFindings {
  const findings: ReferenceFindings = { problems: [], warnings: [] };
  const byId = firstLines(lines, findings);
  for (const { line, item } of lines) {
    if (item.type === 'epic') continue;
    if (item.epic_id !== undefined && byId.get(item.epic_id)?.item.type !== 'epic')
      findings.problems.push({ line, message: `epic_id "${item.epic_id}" is not the id of an epic line` });
    if (item.type === 'task' && item.story_id !== undefined) checkStory(item, line, byId, findings);
    for (const blocker of item.blocked_by) checkBlocker(item.id, blocker, line, byId, findings);
  }
  findings.warnings.push(...cycleWarnings(lines, byId));
  return findings;
}

function firstLines(
  lines: Located<BacklogLine>[],
  findings: ReferenceFindings,
): Map<string, Located<BacklogLine>> {
  const byId = new Map<string, Located<BacklogLine>>();
  for (const located of lines) {
    const earlier = byId.get(located.item.id);
    if (earlier)
      findings.problems.push({
        line: located.line,
        message: `id "${located.item.id}" is already used on line ${earlier.line}`,
      });
    else byId.set(located.item.id, located);
  }
  return byId;
}

function checkStory(
  task: TaskLine,
  line: number,
  byId: Map<string, Located<BacklogLine>>,
  findings: ReferenceFindings,
): void {
  const story = byId.get(task.story_id ?? '');
  if (story?.item.type !== 'story') {
    findings.problems.push({ line, message: `story_id "${task.story_id}" is not the id of a story line` });
    return;
  }
  const storyEpic = story.item.epic_id;
  if (task.epic_id !== undefined && storyEpic !== undefined && task.epic_id !== storyEpic)
    findings.problems.push({
      line,
      message: `epic_id "${task.epic_id}" differs from its story's epic "${storyEpic}" (line ${story.line})`,
    });
}

function checkBlocker(
  id: string,
  blocker: string,
  line: number,
  byId: Map<string, Located<BacklogLine>>,
  findings: ReferenceFindings,
): void {
  const target = byId.get(blocker);
  if (blocker === id) {
    findings.warnings.push({
      line,
      message: `"${id}" is blocked by itself: its issue gets a blocked-by label naming itself, and Drover holds it until that label is removed`,
    });
  } else if (target?.item.type === 'epic') {
    findings.problems.push({ line, message: `blocked_by "${blocker}" is an epic; name a story or task` });
  } else if (target === undefined) {
    findings[missingBlockerIsKept(blocker) ? 'warnings' : 'problems'].push({
      line,
      message: missingBlockerMessage(blocker),
    });
  }
}

/** A missing id is kept as a label; it must fit a label name, and must not read as an issue number. */
function missingBlockerIsKept(blocker: string): boolean {
  return !blocker.startsWith('#') && characterCount(blockedByMissingLabelName(blocker)) <= LABEL_NAME_MAX;
}

function missingBlockerMessage(blocker: string): string {
  const label = blockedByMissingLabelName(blocker);
  if (blocker.startsWith('#'))
    return `blocked_by "${blocker}" is not the id of any line (an issue already on GitHub is named by a blocked-by:${blocker} label on the issue, not in the file)`;
  if (!missingBlockerIsKept(blocker))
    return `blocked_by "${blocker}" is not the id of any line, and too long to keep as the label "${label}" (GitHub allows ${LABEL_NAME_MAX} characters)`;
  return `blocked_by "${blocker}" is not the id of any line: its issue gets the label "${label}", and Drover holds it until that label is fixed or removed`;
}

/** One warning per cycle, on the line of its first member, naming every member's line. */
function cycleWarnings(
  lines: Located<BacklogLine>[],
  byId: Map<string, Located<BacklogLine>>,
): LineProblem[] {
  const idOfLine = new Map<number, string>();
  const nodes: GraphNode[] = [];
  for (const { line, item } of lines) {
    if (item.type === 'epic' || byId.get(item.id)?.line !== line) continue;
    idOfLine.set(line, item.id);
    const after = item.blocked_by.flatMap((blocker) => {
      const target = byId.get(blocker);
      return target !== undefined && target.item.type !== 'epic' ? [target.line] : [];
    });
    nodes.push({ id: line, estimate: 1, after });
  }
  return analyseDag(nodes).cycles.map((cycle) => {
    // The graph's edges run blocker → blocked; the message reads "blocked by", so walk it backwards.
    const [first = 0, ...rest] = cycle;
    const order = [first, ...rest.reverse()];
    const names = [...order, first].map((line) => idOfLine.get(line) ?? `line ${line}`);
    return {
      line: first,
      message: `blocked_by cycle ${names.join(' → ')} (lines ${order.join(', ')}): created with its links, and Drover runs none of these tasks until a person breaks the cycle`,
    };
  });
}
