/**
 * The environment of processes that run untrusted code (the agent, the verify command): built
 * from an allow-list, never inherited, so GITHUB_TOKEN and ACTIONS_RUNTIME_TOKEN never reach
 * them. Model keys are added only for the agent, and only the ones its adapter hands over
 * (each adapter maps the job's variables to what its CLI reads).
 */
import { pickVars } from './agents/agent-adapter.js';

/** Plain, non-secret variables a CLI needs to behave (locale, temp dir, proxies, CI markers). */
const BASE_VARS = [
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TERM',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'RUNNER_TEMP',
  'RUNNER_OS',
  'RUNNER_ARCH',
] as const;

/** Environment for the repository's own code (verify) and for git: no credentials at all. */
export function buildBaseEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return { ...pickVars(env, BASE_VARS), CI: 'true' };
}

/**
 * Environment for the agent: the base, the variables its adapter hands over (its keys, under
 * the names its CLI reads), and Drover's task variables.
 */
export function buildAgentEnv(
  env: NodeJS.ProcessEnv,
  agentVars: Record<string, string>,
  droverVars: Record<string, string>,
): Record<string, string> {
  return { ...buildBaseEnv(env), ...agentVars, ...droverVars };
}
