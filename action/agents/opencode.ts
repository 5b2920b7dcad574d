/**
 * OpenCode: `opencode run` (1.18) with the message on standard input (it appends piped input
 * to the message; argv would cap it at 128 KiB). `--format json` streams JSONL events,
 * `--auto` approves every tool call that is not denied by config, `-m provider/model`,
 * `--dir` the working directory. No turn limit flag. It reads the provider's own key
 * variables, and the AI SDK's base URL variables (ANTHROPIC_BASE_URL, OPENAI_BASE_URL).
 */
import { pickVars, type AgentAdapter } from './agent-adapter.js';
import { createOpencodeJsonUsageParser } from './opencode-json-usage.js';

/** Provider keys and base URLs opencode's providers read. */
const KEY_VARS = [
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'OPENROUTER_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
  'XAI_API_KEY',
  'DEEPSEEK_API_KEY',
  'ANTHROPIC_BASE_URL',
  'OPENAI_BASE_URL',
];

export const opencodeAdapter: AgentAdapter = {
  name: 'opencode',
  keyVars: KEY_VARS,
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
    return {
      command: 'opencode',
      args: [...args, ...call.extraArgs],
      stdin: call.prompt,
      env: {
        ...pickVars(call.host.env, [...KEY_VARS, 'OPENCODE_DISABLE_MODELS_FETCH']),
        // The pinned CLI must not update itself mid-job, nor publish the session as a share link.
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_SHARE: '1',
      },
      warnings,
    };
  },
  createUsageParser: createOpencodeJsonUsageParser,
};
