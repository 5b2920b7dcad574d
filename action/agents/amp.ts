/**
 * Amp: `amp -x <prompt>` (`--execute`). `--stream-json` emits Claude-Code-compatible events.
 * Tool approval is off through the settings key `amp.dangerouslyAllowAll` in a settings file
 * written outside the workspace. Amp's `-m` selects a mode, not a model.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAdapter } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

export const AMP_MODES = ['low', 'medium', 'high', 'ultra'] as const;

export const ampAdapter: AgentAdapter = {
  name: 'amp',
  keyVars: ['AMP_API_KEY', 'AMP_URL'],
  cli: { binary: 'amp', npmPackage: '@ampcode/cli@0.0.1790142911-g7618fb' },
  buildInvocation(call) {
    const settingsFile = join(call.scratchDir, 'amp-settings.json');
    writeFileSync(settingsFile, JSON.stringify({ 'amp.dangerouslyAllowAll': true }));
    const args = ['-x', call.prompt, '--stream-json', '--settings-file', settingsFile];
    if (call.model) {
      if (!(AMP_MODES as readonly string[]).includes(call.model)) {
        throw new Error(`amp: model "${call.model}" is not an amp mode; use one of ${AMP_MODES.join(', ')}`);
      }
      args.push('-m', call.model);
    }
    const warnings =
      call.maxTurns === null
        ? []
        : ['amp has no turn limit: max-turns is ignored (timeout-minutes still applies)'];
    return { command: 'amp', args: [...args, ...call.extraArgs], warnings };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
