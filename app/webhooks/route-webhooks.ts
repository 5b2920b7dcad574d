/**
 * Which webhook goes to which handler, and the gate in front of all of them: a delivery is
 * handled once (by `X-GitHub-Delivery`), and events sent by bots are ignored except those that
 * report work Drover itself started (its runs, its PRs and their checks, installations).
 * Our own comments never trigger anything: they are a bot's.
 */
import type { Controller } from '../controller.js';
import { onComment } from './comment-events.js';
import { DeliveryDedupe } from './delivery-dedupe.js';
import { onInstallation } from './installation-events.js';
import { onIssueEvent } from './issue-events.js';
import { onPullRequestEvent } from './pull-request-events.js';
import { onReview } from './review-events.js';
import { onWorkflowRun } from './run-events.js';
import type { WebhookEvent, WebhookHandler } from './webhook-context.js';

export const ROUTES: Readonly<Record<string, WebhookHandler>> = {
  issues: onIssueEvent,
  label: onIssueEvent,
  sub_issues: onIssueEvent,
  issue_dependencies: onIssueEvent,
  issue_comment: onComment,
  pull_request_review: onReview,
  workflow_run: onWorkflowRun,
  pull_request: onPullRequestEvent,
  check_suite: onPullRequestEvent,
  check_run: onPullRequestEvent,
  status: onPullRequestEvent,
  push: onPullRequestEvent,
  installation: onInstallation,
  installation_repositories: onInstallation,
};

const BOT_EVENTS_WE_NEED: ReadonlySet<string> = new Set([
  'workflow_run',
  'pull_request',
  'check_suite',
  'check_run',
  'status',
  'push',
  'installation',
  'installation_repositories',
]);

export class WebhookRouter {
  private readonly dedupe = new DeliveryDedupe(1000);

  constructor(private readonly controller: Controller) {}

  async route(event: WebhookEvent): Promise<void> {
    const handler = ROUTES[event.name];
    if (handler === undefined || !this.dedupe.firstTime(event.id)) return;
    if (event.payload.sender?.type === 'Bot' && !BOT_EVENTS_WE_NEED.has(event.name)) return;
    await handler(this.controller, event);
  }
}
