/**
 * `issues`, `label`, `sub_issues`, `issue_dependencies`: the task issues changed. The numbers the
 * payload names are read in the next pass, which also reads every issue updated since the last.
 */
import type { WebhookHandler } from './webhook-context.js';
import { targetOf } from './webhook-context.js';

interface IssuePayload {
  issue?: { number?: number };
  sub_issue?: { number?: number };
  parent_issue?: { number?: number };
  blocked_issue?: { number?: number };
  blocking_issue?: { number?: number };
}

export const onIssueEvent: WebhookHandler = (controller, event) => {
  const target = targetOf(event.payload);
  if (target === null) return;
  const payload = event.payload as IssuePayload;
  const session = controller.session(target.repo);
  const named = [
    payload.issue,
    payload.sub_issue,
    payload.parent_issue,
    payload.blocked_issue,
    payload.blocking_issue,
  ];
  for (const issue of named) if (typeof issue?.number === 'number') session.changedIssues.add(issue.number);
  controller.request(target);
};
