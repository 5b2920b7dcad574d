/**
 * The `command` agent: any shell command (`agent-command`), run with bash (as a `run:` step is) in the workspace.
 * It gets the prompt in `DROVER_PROMPT` and `DROVER_PROMPT_FILE` (set by the attempt for every
 * agent) and every model key variable, so a wrapper script can call whatever model it likes.
 * `agent-args` (one per line) become its `$1`, `$2`, …. If it prints a Claude-Code-style `{"type":"result",…}` line, its turns and cost are read.
 */
import { MODEL_KEY_VARS } from '../model-keys.js';
import { bashCommand } from '../bash-command.js';
import type { AgentAdapter } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

export const commandAdapter: AgentAdapter = {
  name: 'command',
  keyVars: MODEL_KEY_VARS,
  buildInvocation(call) {
    if (!call.command)
      throw new Error(
        'agent "command" needs the agent-command input (a shell command to run in the workspace)',
      );
    // agent-args become the command's positional parameters ($1, $2, …).
    return { ...bashCommand(call.command, call.extraArgs), warnings: [] };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
