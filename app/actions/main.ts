/**
 * Entry point of the bundled controller action (`controller/dist/index.js`, run by
 * `.github/workflows/drover-controller.yml`): read the job's event and inputs, then one
 * controller job (app/actions/controller-job.ts).
 */
import * as core from '@actions/core';
import { runControllerJob } from './controller-job.js';
import { jobAccess } from './job-access.js';
import { readJobInputs } from './job-inputs.js';

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/;

try {
  const inputs = readJobInputs(process.env, (name) => core.getInput(name));
  if (inputs.credentials.kind === 'app') core.setSecret(inputs.credentials.privateKey);
  const access = await jobAccess(inputs.credentials, {
    repo: inputs.repo,
    baseUrl: inputs.baseUrl,
    webUrl: inputs.webUrl,
    spaceWrites: !LOOPBACK.test(inputs.baseUrl),
  });
  core.info(
    `Drover controller: ${inputs.eventName} on ${inputs.repo}, as ${
      access.kind === 'app' ? `GitHub App ${(await access.identity()).botLogin ?? ''}` : 'GITHUB_TOKEN'
    }`,
  );
  const result = await runControllerJob({
    repo: inputs.repo,
    eventName: inputs.eventName,
    payload: inputs.payload,
    deliveryId: inputs.deliveryId,
    workflowRef: inputs.workflowRef,
    access,
    log: {
      debug: (message) => core.debug(message),
      info: (message) => core.info(message),
      warn: (message) => core.warning(message),
      error: (message) => core.error(message),
    },
  });
  if (result.failed)
    core.setFailed('the last pass failed: the next event or the scheduled resync tries again');
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
