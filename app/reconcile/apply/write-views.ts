/**
 * The views: state labels, the task note, the run status comment. Notes and the status comment
 * are Drover's own comments (marked, found again by marker after a restart), edited in place.
 */
import type { LabelAction, NoteAction, StatusAction } from '../../../core/plan/actions.js';
import { composeBody } from '../../github/markers.js';
import { changeControl } from '../control-store.js';
import type { ApplyContext } from './apply-context.js';

export const NOTE_KEY = 'note';
export const STATUS_KEY = 'status';

export async function writeLabels(context: ApplyContext, action: LabelAction): Promise<string> {
  const { gateway, session } = context;
  await gateway.issues.addLabels(action.task, action.add);
  for (const label of action.remove) await gateway.issues.removeLabel(action.task, label);
  const issue = session.issues.get(action.task);
  if (issue !== undefined) {
    const labels = issue.labels.filter((label) => !action.remove.includes(label));
    session.issues.set(action.task, { ...issue, labels: [...labels, ...action.add] });
  }
  return [...action.add.map((label) => `+${label}`), ...action.remove.map((label) => `-${label}`)].join(' ');
}

export async function writeNote(context: ApplyContext, action: NoteAction): Promise<string> {
  const { gateway, session } = context;
  if (!session.notesKnown.has(action.task)) {
    const found = await gateway.comments.findOwn(action.task, NOTE_KEY);
    // A second note can only come from two controllers writing at once: keep the oldest.
    for (const extra of found.slice(1)) await gateway.comments.delete(extra.id);
    const first = found[0];
    if (first !== undefined)
      session.notes.set(action.task, { commentId: first.id, body: stripMarker(first.body) });
    session.notesKnown.add(action.task);
  }
  const current = session.notes.get(action.task);
  if (action.body === null) {
    if (current !== undefined) await gateway.comments.delete(current.commentId);
    session.notes.delete(action.task);
    return current === undefined ? 'no note' : 'note removed';
  }
  if (current?.body === action.body) return 'note unchanged';
  const body = composeBody(action.body, NOTE_KEY);
  const written =
    current === undefined
      ? await gateway.comments.create(action.task, body)
      : await gateway.comments.update(current.commentId, body);
  session.notes.set(action.task, { commentId: written.id, body: action.body });
  return current === undefined ? 'note written' : 'note updated';
}

/** The note's text without Drover's marker, as the planner renders it. */
function stripMarker(body: string): string {
  return body.replace(/\n*<!-- drover:[^>]*-->\s*$/g, '').trimEnd();
}

export async function writeStatus(context: ApplyContext, action: StatusAction): Promise<string> {
  const { gateway, session, facts } = context;
  const dashboard = facts.control.dashboard;
  if (dashboard === null) return 'no dashboard';
  const spend = Object.fromEntries([...session.settledSpend].map(([task, usd]) => [String(task), usd]));
  const body = composeBody(action.body, STATUS_KEY, { signature: action.signature, spend });
  let commentId = dashboard.statusComment;
  if (commentId === null) {
    commentId = (await gateway.comments.create(dashboard.issue, body)).id;
    const id = commentId;
    await changeControl(gateway, session, (record) =>
      record.dashboard?.issue === dashboard.issue
        ? { ...record, dashboard: { issue: dashboard.issue, statusComment: id } }
        : null,
    );
  } else {
    await gateway.comments.update(commentId, body);
  }
  session.status = {
    commentId,
    body: action.body,
    signature: action.signature,
    writtenAt: context.now().toISOString(),
  };
  if (action.ended !== null) await endRun(context, action.ended);
  return action.ended !== null ? `final status written, run ended: ${action.ended}` : 'status written';
}

async function endRun(context: ApplyContext, verdict: string): Promise<void> {
  const runId = context.facts.control.run?.id;
  const at = context.now().toISOString();
  const record = await changeControl(context.gateway, context.session, (current) =>
    current.run === null || current.run.id !== runId || current.run.endedAt
      ? null
      : { ...current, run: { ...current.run, endedAt: at, verdict } },
  );
  context.facts.control = record;
}
