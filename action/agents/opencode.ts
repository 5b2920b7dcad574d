/**
 * OpenCode: `opencode run <message>` (1.18). `--format json` streams JSONL events, `--auto`
 * approves every tool call that is not denied by config, `-m provider/model`, `--dir` the
 * working directory. No turn limit flag. It reads the provider's own key variables.
 */
import type { AgentAdapter } from './agent-adapter.js';
import { createOpencodeJsonUsageParser } from './opencode-json-usage.js';

export const opencodeAdapter: AgentAdapter = {
  name: 'opencode',
  keyVars: [
    'ANTHROPIC_API_KEY',
    'OPENAI_API_KEY',
    'OPENROUTER_API_KEY',
    'GEMINI_API_KEY',
    'GOOGLE_GENERATIVE_AI_API_KEY',
    'GROQ_API_KEY',
    'MISTRAL_API_KEY',
    'XAI_API_KEY',
    'DEEPSEEK_API_KEY',
  ],
  cli: { binary: 'opencode', npmPackage: 'opencode-ai@1.18.33' },
  buildInvocation(call) {
    const args = ['run', '--format', 'json', '--auto', '--dir', call.workspace];
    if (call.model) {
      if (!call.model.includes('/'))
        throw new Error(
          `opencode: model "${call.model}" must be provider/model, e.g. anthropic/claude-sonnet-4-5`,
        );
      args.push('-m', call.model);
    }
    const warnings =
      call.maxTurns === null
        ? []
        : ['opencode has no turn limit: max-turns is ignored (timeout-minutes still applies)'];
    return { command: 'opencode', args: [...args, ...call.extraArgs, call.prompt], warnings };
  },
  createUsageParser: createOpencodeJsonUsageParser,
};
