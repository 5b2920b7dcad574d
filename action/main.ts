/** Entry point of the bundled action (`node action/dist/index.js` inside a job). */
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { runProcess } from './process-runner.js';
import { runAction, type RunnerToolkit } from './run-action.js';

const toolkit: RunnerToolkit = {
  getInput: (name) => core.getInput(name),
  setSecret: (secret) => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group: (title, body) => core.group(title, body),
  summary: core.summary,
};

const artifacts = new DefaultArtifactClient();

try {
  await runAction({
    toolkit,
    env: process.env,
    runProcess,
    upload: (name, files, root) => artifacts.uploadArtifact(name, files, root),
    now: () => Date.now(),
  });
} catch (error) {
  // Secrets are masked by the runner (setSecret above); the message is one line for the run page.
  core.setFailed(error instanceof Error ? error.message : String(error));
}
