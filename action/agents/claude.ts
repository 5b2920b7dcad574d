/**
 * Claude Code: `claude -p <prompt>` (print mode, no human). Flags from `claude --help`
 * (2.1.x): `--output-format stream-json` needs `--verbose` in print mode; `--max-turns` is
 * accepted though hidden from --help; `--dangerously-skip-permissions` because nobody is
 * there to approve a tool call (the job itself is the sandbox: no write token).
 */
import type { AgentAdapter } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  keyVars: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_BASE_URL'],
  cli: { binary: 'claude', npmPackage: '@anthropic-ai/claude-code@2.1.197' },
  buildInvocation(call) {
    const args = [
      '-p',
      call.prompt,
      '--output-format',
      'stream-json',
      '--verbose',
      '--dangerously-skip-permissions',
      '--no-session-persistence',
    ];
    if (call.model) args.push('--model', call.model);
    if (call.maxTurns !== null) args.push('--max-turns', String(call.maxTurns));
    return { command: 'claude', args: [...args, ...call.extraArgs], warnings: [] };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
