/**
 * `workflow_run` of the attempt workflow: the payload carries the run, so the pass does not read
 * it again; a completed run is settled in a prompt pass (its work waits to be published).
 */
import { parseAttemptRunName, parseSpecRunName } from '../../core/attempt-names.js';
import { toWorkflowRun } from '../github/runs-gateway.js';
import type { WebhookHandler } from './webhook-context.js';
import { targetOf } from './webhook-context.js';

type RestRunPayload = Parameters<typeof toWorkflowRun>[0];

export const onWorkflowRun: WebhookHandler = (controller, event) => {
  const target = targetOf(event.payload);
  const run = (event.payload as { workflow_run?: RestRunPayload }).workflow_run;
  if (target === null || run === undefined) return;
  const workflowRun = toWorkflowRun(run);
  if (parseAttemptRunName(workflowRun.name) === null && parseSpecRunName(workflowRun.name) === null) return;
  controller.session(target.repo).runHints.set(workflowRun.id, workflowRun);
  controller.request(target, { prompt: workflowRun.status === 'completed' });
};
