/**
 * Which tasks a run covers: every task, or one epic's tasks and their sub-issues. Epic names
 * compare case-insensitively, as GitHub compares label names.
 */
import type { RunRecord, Task } from '../../core/types.js';

export function sameEpic(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

export function tasksInScope(tasks: Task[], run: Pick<RunRecord, 'epic'> | null): Task[] {
  const epic = run?.epic ?? null;
  if (epic === null) return tasks;
  const parents = new Set(tasks.filter((task) => sameEpic(task.epic, epic)).map((task) => task.number));
  return tasks.filter(
    (task) => parents.has(task.number) || (task.parent !== null && parents.has(task.parent)),
  );
}

/** The epics that exist among the tasks, sorted, each spelled as its first task spells it. */
export function listEpics(tasks: Task[]): string[] {
  const epics = new Map<string, string>();
  for (const task of tasks) {
    if (task.epic !== null && !epics.has(task.epic.toLowerCase()))
      epics.set(task.epic.toLowerCase(), task.epic);
  }
  return [...epics.values()].sort((a, b) => a.localeCompare(b));
}
