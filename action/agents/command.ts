/**
 * The `command` agent: any shell command (`agent-command`), run with bash (as a `run:` step is) in the workspace.
 * It gets the prompt in `DROVER_PROMPT_FILE` and, when it fits in one environment variable,
 * in `DROVER_PROMPT`, and every model key variable, so a wrapper script can call whatever
 * model it likes. `agent-args` (one per line) become its `$1`, `$2`, …. If it prints a
 * Claude-Code-style `{"type":"result",…}` line, its turns and cost are read.
 */
import { MODEL_KEY_VARS } from '../model-keys.js';
import { bashCommand } from '../bash-command.js';
import { pickVars, type AgentAdapter } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

/**
 * Linux caps one environment string ("NAME=value") at 128 KiB (MAX_ARG_STRLEN, 32 pages), like
 * one argument: a larger DROVER_PROMPT would make the command fail to start with E2BIG.
 */
export const MAX_PROMPT_VAR_BYTES = 128 * 1024 - 'DROVER_PROMPT='.length - 1;

export const commandAdapter: AgentAdapter = {
  name: 'command',
  keyVars: MODEL_KEY_VARS,
  buildInvocation(call) {
    if (!call.command)
      throw new Error(
        'agent "command" needs the agent-command input (a shell command to run in the workspace)',
      );
    const fits = Buffer.byteLength(call.prompt, 'utf8') <= MAX_PROMPT_VAR_BYTES;
    // agent-args become the command's positional parameters ($1, $2, …).
    return {
      ...bashCommand(call.command, call.extraArgs),
      env: { ...pickVars(call.host.env, MODEL_KEY_VARS), ...(fits ? { DROVER_PROMPT: call.prompt } : {}) },
      warnings: fits
        ? []
        : [
            'the prompt is larger than one environment variable may be (128 KiB): DROVER_PROMPT is not set, read DROVER_PROMPT_FILE',
          ],
    };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
