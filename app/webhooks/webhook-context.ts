/**
 * What a webhook handler gets: the event's repository and installation, who sent it, and the
 * controller. A handler only marks what changed and asks for a pass (webhooks are hints;
 * the pass reads GitHub's state itself), except comments, which may be commands.
 */
import type { Controller } from '../controller.js';
import type { RepoTarget } from '../reconcile/repo-scheduler.js';

export interface RepoPayload {
  repository?: { full_name: string };
  installation?: { id: number };
  sender?: { type?: string; login?: string };
}

export function targetOf(payload: RepoPayload): RepoTarget | null {
  if (!payload.repository || !payload.installation) return null;
  return { repo: payload.repository.full_name, installationId: payload.installation.id };
}

export interface WebhookEvent<P = RepoPayload> {
  id: string;
  name: string;
  payload: P;
}

export type WebhookHandler = (controller: Controller, event: WebhookEvent) => Promise<void> | void;
