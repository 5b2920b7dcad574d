/**
 * Claude Code: `claude -p` (print mode, no human) with the prompt on standard input (print mode
 * reads it there when no prompt argument is given; argv would cap it at 128 KiB). Flags from
 * `claude --help` (2.1.x): `--output-format stream-json` needs `--verbose` in print mode;
 * `--max-turns` is accepted though hidden from --help; `--dangerously-skip-permissions`
 * because nobody is there to approve a tool call (the job itself is the sandbox: no write
 * token).
 *
 * As root, claude refuses `--dangerously-skip-permissions` ("cannot be used with root/sudo
 * privileges for security reasons") unless IS_SANDBOX=1. Drover sets it only where the machine
 * is thrown away after the job (a GitHub-hosted runner or a container); on a long-lived
 * self-hosted machine it stays the runner owner's explicit choice (IS_SANDBOX in the job env).
 */
import { pickVars, type AgentAdapter, type AgentCall } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

/** Credentials and endpoint, passed under their own names. */
const KEY_VARS = ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_BASE_URL'] as const;

/** Non-secret switches a job may set for claude (retries, telemetry, the sandbox flag). */
const SETTING_VARS = [
  'IS_SANDBOX',
  'CLAUDE_CODE_MAX_RETRIES',
  'DISABLE_TELEMETRY',
  'DISABLE_ERROR_REPORTING',
  'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC',
] as const;

export const ROOT_REFUSAL_WARNING =
  'claude refuses --dangerously-skip-permissions as root outside a sandbox, and this runner is ' +
  'self-hosted and not a container: run the job as a non-root user or in a container, or set ' +
  'IS_SANDBOX=1 in the job env if the machine is thrown away after the job';

function sandboxVars(call: AgentCall): { env: Record<string, string>; warnings: string[] } {
  const { host } = call;
  if (!host.isRoot || host.env.IS_SANDBOX === '1') return { env: {}, warnings: [] };
  if (host.isDisposable) return { env: { IS_SANDBOX: '1' }, warnings: [] };
  return { env: {}, warnings: [ROOT_REFUSAL_WARNING] };
}

export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  keyVars: KEY_VARS,
  cli: { binary: 'claude', npmPackage: '@anthropic-ai/claude-code@2.1.197' },
  buildInvocation(call) {
    const args = [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--no-session-persistence',
    ];
    if (call.model) args.push('--model', call.model);
    if (call.maxTurns !== null) args.push('--max-turns', String(call.maxTurns));
    // The run's budget left: claude stops itself once this call has spent it.
    if (call.maxBudgetUsd != null) args.push('--max-budget-usd', call.maxBudgetUsd.toFixed(2));
    const sandbox = sandboxVars(call);
    return {
      command: 'claude',
      args: [...args, ...call.extraArgs],
      stdin: call.prompt,
      env: {
        ...pickVars(call.host.env, [...KEY_VARS, ...SETTING_VARS]),
        // The pinned CLI must not replace itself in the middle of a job.
        DISABLE_AUTOUPDATER: '1',
        ...sandbox.env,
      },
      warnings: sandbox.warnings,
    };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
