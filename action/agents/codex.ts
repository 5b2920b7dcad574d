/**
 * Codex: `codex exec <prompt>` (0.169). `--json` streams JSONL events; `-C` sets the working
 * root; `--skip-git-repo-check` and `--ephemeral` keep it from asking or persisting sessions.
 * `--full-auto` no longer exists; `--dangerously-bypass-approvals-and-sandbox` is the
 * non-interactive mode (its own sandbox needs kernel features CI containers often lack; the
 * job is the sandbox). Codex has no turn limit flag.
 */
import type { AgentAdapter } from './agent-adapter.js';
import { createCodexJsonUsageParser } from './codex-json-usage.js';

export const codexAdapter: AgentAdapter = {
  name: 'codex',
  keyVars: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL'],
  cli: { binary: 'codex', npmPackage: '@openai/codex@0.169.0' },
  buildInvocation(call) {
    const args = [
      'exec',
      '--json',
      '--dangerously-bypass-approvals-and-sandbox',
      '--skip-git-repo-check',
      '--ephemeral',
      '-C',
      call.workspace,
    ];
    if (call.model) args.push('-m', call.model);
    const warnings =
      call.maxTurns === null
        ? []
        : ['codex has no turn limit: max-turns is ignored (timeout-minutes still applies)'];
    return { command: 'codex', args: [...args, ...call.extraArgs, call.prompt], warnings };
  },
  createUsageParser: createCodexJsonUsageParser,
};
