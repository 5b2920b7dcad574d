/** `installation.created`, `installation_repositories.added`: a full pass over each new repository. */
import type { WebhookHandler } from './webhook-context.js';

interface InstallationPayload {
  installation?: { id: number };
  repositories?: Array<{ full_name: string }>;
  repositories_added?: Array<{ full_name: string }>;
}

export const onInstallation: WebhookHandler = (controller, event) => {
  const payload = event.payload as InstallationPayload;
  if (payload.installation === undefined) return;
  for (const repository of payload.repositories ?? payload.repositories_added ?? [])
    controller.request(
      { repo: repository.full_name, installationId: payload.installation.id },
      { full: true },
    );
};
