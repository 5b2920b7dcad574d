/**
 * A revision request is over (core/plan/plan-revisions.ts): answer it on the pull request once
 * (the reply carries a marker, so a second controller or a retried pass finds it instead of
 * answering twice), then remove the request from the control record (compare-and-swap).
 */
import type { FinishRevisionAction } from '../../../core/plan/actions.js';
import { composeBody } from '../../github/markers.js';
import { changeControl } from '../control-store.js';
import type { ApplyContext } from './apply-context.js';

export async function finishRevision(context: ApplyContext, action: FinishRevisionAction): Promise<string> {
  const { gateway, session, facts } = context;
  const key = `revision-${action.key.replace(':', '-')}`;
  const existing = await gateway.comments.findOwn(action.pullRequest, key);
  if (existing.length === 0)
    await gateway.comments.create(action.pullRequest, composeBody(replyText(action), key));
  facts.control = await changeControl(gateway, session, (record) => {
    const revisions = { ...record.revisions };
    if (revisions[action.key] === undefined) return null;
    delete revisions[action.key];
    return { ...record, revisions };
  });
  return `revision ${action.key} ${action.outcome}`;
}

function replyText(action: FinishRevisionAction): string {
  const asked = `the changes ${action.by} asked for (${describeSource(action.key)})`;
  switch (action.outcome) {
    case 'revised':
      return `**Drover** pushed ${asked}${action.sha === null ? '' : ` as ${action.sha}`}.`;
    case 'failed':
      return `**Drover** could not make ${asked}: the revise attempt ended without a change:\n\n${quote(action.reason)}`;
    case 'dropped':
      return `**Drover** did not make ${asked}: the pull request is no longer open.`;
  }
}

function describeSource(key: string): string {
  const [kind, id] = key.split(':');
  return kind === 'review' ? `review ${id}` : `comment ${id}`;
}

/** The attempt's reason (untrusted: it comes from the agent) as an inert quote. */
function quote(text: string | null): string {
  const clean = (text ?? 'no reason was given')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .slice(0, 2000);
  return clean
    .replace(/[\\`*_{}[\]()<>#+!|@~]/g, (character) => `\\${character}`)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
