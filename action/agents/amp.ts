/**
 * Amp: `amp -x` (`--execute`) with the message on standard input ("either as argument, or via
 * stdin", says `amp --help`; argv would cap it at 128 KiB). `-x` comes last: it takes an
 * optional value, which would swallow the next argument. `--stream-json` emits
 * Claude-Code-compatible events. Tool approval is off through the settings key
 * `amp.dangerouslyAllowAll` in a settings file written outside the workspace. Amp's `-m`
 * selects a mode, not a model. AMP_URL (or the settings key `amp.url`) points at the Amp
 * service, which runs the model: Amp has no direct model API.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickVars, type AgentAdapter } from './agent-adapter.js';
import { createClaudeStreamUsageParser } from './claude-stream-usage.js';

export const AMP_MODES = ['low', 'medium', 'high', 'ultra'] as const;

/** The Amp access token and the service's URL. */
const KEY_VARS = ['AMP_API_KEY', 'AMP_URL'];

export const ampAdapter: AgentAdapter = {
  name: 'amp',
  keyVars: KEY_VARS,
  cli: { binary: 'amp', npmPackage: '@ampcode/cli@0.0.1790142911-g7618fb' },
  buildInvocation(call) {
    const settingsFile = join(call.scratchDir, 'amp-settings.json');
    writeFileSync(settingsFile, JSON.stringify({ 'amp.dangerouslyAllowAll': true }));
    const args = ['--stream-json', '--settings-file', settingsFile];
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
    return {
      command: 'amp',
      args: [...args, ...call.extraArgs, '-x'],
      stdin: call.prompt,
      env: pickVars(call.host.env, KEY_VARS),
      warnings,
    };
  },
  createUsageParser: createClaudeStreamUsageParser,
};
