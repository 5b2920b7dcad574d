/**
 * The views Drover keeps for people, planned as writes like any other: the state labels that
 * show a task needs a person (never read back as truth: the loop restores them while the cause
 * holds), one note per task, and the run's status comment at a bounded rate.
 */
import type { RepoState } from '../repo-state.js';
import type { LabelAction, NoteAction, StatusAction } from './actions.js';
import type { ReviewWait } from './plan-merges.js';
import type { StuckReason } from './stuck-tasks.js';
import { taskNote } from './task-note.js';
import type { TaskProgress } from './task-progress.js';

export interface ViewInput {
  state: RepoState;
  progress: ReadonlyMap<number, TaskProgress>;
  stuck: ReadonlyMap<number, StuckReason>;
  reviewWaits: ReadonlyMap<number, ReviewWait>;
}

export function planLabels({ state, progress, stuck }: ViewInput): LabelAction[] {
  const names = state.config.labels;
  const managed = [names.failed, names.blocked, names.stuck, names.running, names.review];
  const actions: LabelAction[] = [];
  for (const issue of state.issues) {
    const entry = progress.get(issue.number);
    if (entry === undefined) continue;
    const wanted = new Set<string>();
    if (entry.phase === 'failed') wanted.add(names.failed);
    if (entry.phase === 'blocked') wanted.add(names.blocked);
    if (entry.phase === 'todo' && stuck.has(entry.task)) wanted.add(names.stuck);
    const has = new Set(issue.labels.filter((label) => managed.includes(label)));
    const add = [...wanted].filter((label) => !has.has(label));
    const remove = [...has].filter((label) => !wanted.has(label));
    if (add.length > 0 || remove.length > 0) actions.push({ kind: 'label', task: issue.number, add, remove });
  }
  return actions;
}

export function planNotes(input: ViewInput): NoteAction[] {
  const { state, progress, stuck, reviewWaits } = input;
  const actions: NoteAction[] = [];
  for (const entry of progress.values()) {
    const body =
      entry.phase === 'closed'
        ? null
        : taskNote({ state, entry, stuck: stuck.get(entry.task), reviewWait: reviewWaits.get(entry.task) });
    const current = state.notes.get(entry.task)?.body ?? null;
    if (body !== current) actions.push({ kind: 'note', task: entry.task, body });
  }
  // A note on an issue that is no longer a task (closed, unlabelled) has no cause left.
  for (const task of state.notes.keys())
    if (!progress.has(task)) actions.push({ kind: 'note', task, body: null });
  return actions;
}

/**
 * The status comment, when it changed and the last write is at least the interval old (or the run
 * ended, or the config broke: people must see those at once). Returns when to look again when a
 * change waits for the interval.
 */
export function planStatus(
  state: RepoState,
  rendered: { body: string; signature: string },
  urgent: boolean,
  ended: string | null,
  now: Date,
): { action: StatusAction | null; wakeAt: string | null } {
  if (state.control.dashboard === null || rendered.signature === state.status.signature)
    return { action: null, wakeAt: null };
  const { body, signature } = rendered;
  const writtenAt = state.status.writtenAt === null ? null : Date.parse(state.status.writtenAt);
  const dueAt = writtenAt === null ? 0 : writtenAt + state.config.status_interval_seconds * 1000;
  if (urgent || ended !== null || dueAt <= now.getTime())
    return { action: { kind: 'status', task: 0, body, signature, ended }, wakeAt: null };
  return { action: null, wakeAt: new Date(dueAt).toISOString() };
}
