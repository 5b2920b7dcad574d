/**
 * Facts about the machine the agent runs on that change how a CLI must be called: whether the
 * action runs as root, and whether the machine is thrown away after the job.
 */
import { existsSync } from 'node:fs';
import type { AgentHost } from './agents/agent-adapter.js';

/**
 * Files a container runtime leaves at the root of every container it starts
 * (Docker: /.dockerenv; Podman: /run/.containerenv).
 */
const CONTAINER_MARKERS = ['/.dockerenv', '/run/.containerenv'];

export function detectAgentHost(
  env: NodeJS.ProcessEnv,
  uid: number | null = typeof process.getuid === 'function' ? process.getuid() : null,
  fileExists: (path: string) => boolean = existsSync,
): AgentHost {
  // RUNNER_ENVIRONMENT is set by the runner: "github-hosted" for GitHub's own (a fresh VM per
  // job), "self-hosted" otherwise (docs: "Store information in variables", default variables).
  const githubHosted = env.RUNNER_ENVIRONMENT === 'github-hosted';
  return {
    env,
    isRoot: uid === 0,
    isDisposable: githubHosted || CONTAINER_MARKERS.some((marker) => fileExists(marker)),
  };
}
