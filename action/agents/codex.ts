/**
 * Codex: `codex exec -` (0.169) reads the prompt from standard input (argv would cap it at
 * 128 KiB). `--json` streams JSONL events; `-C` sets the working root; `--skip-git-repo-check`
 * and `--ephemeral` keep it from asking or persisting sessions. `--full-auto` no longer
 * exists; `--dangerously-bypass-approvals-and-sandbox` is the non-interactive mode (its own
 * sandbox needs kernel features CI containers often lack; the job is the sandbox). Codex has
 * no turn limit flag.
 *
 * Credentials: `codex exec` reads CODEX_API_KEY and ignores OPENAI_API_KEY, so the job's
 * OPENAI_API_KEY is handed over as CODEX_API_KEY (a CODEX_API_KEY of the job wins). It also
 * ignores OPENAI_BASE_URL; the config override `-c openai_base_url=…` is what it reads.
 */
import { pickVars, type AgentAdapter } from './agent-adapter.js';
import { createCodexJsonUsageParser } from './codex-json-usage.js';

/** A base URL as a TOML string for `-c key=value` (which parses its value as TOML). */
function baseUrlOverride(url: string): string {
  // The value is not repeated in the message: a proxy URL may carry credentials.
  if (!URL.canParse(url)) throw new Error('codex: OPENAI_BASE_URL is not a URL');
  const { protocol } = new URL(url);
  if (protocol !== 'https:' && protocol !== 'http:')
    throw new Error(`codex: OPENAI_BASE_URL must be an http(s) URL, not ${protocol}`);
  // A JSON string of a URL is a valid TOML basic string (same escapes for what a URL holds).
  return `openai_base_url=${JSON.stringify(url)}`;
}

export const codexAdapter: AgentAdapter = {
  name: 'codex',
  keyVars: ['CODEX_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL'],
  cli: { binary: 'codex', npmPackage: '@openai/codex@0.169.0' },
  buildInvocation(call) {
    const vars = pickVars(call.host.env, ['CODEX_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']);
    const key = vars.CODEX_API_KEY ?? vars.OPENAI_API_KEY;
    const baseUrl = vars.OPENAI_BASE_URL;
    const args = [
      'exec',
      '--json',
      '--dangerously-bypass-approvals-and-sandbox',
      '--skip-git-repo-check',
      '--ephemeral',
      '-C',
      call.workspace,
    ];
    if (baseUrl) args.push('-c', baseUrlOverride(baseUrl));
    if (call.model) args.push('-m', call.model);
    const warnings =
      call.maxTurns === null
        ? []
        : ['codex has no turn limit: max-turns is ignored (timeout-minutes still applies)'];
    if (!key) warnings.push('codex: neither CODEX_API_KEY nor OPENAI_API_KEY is set in the job env');
    return {
      command: 'codex',
      // "-" (last, after agent-args): read the prompt from standard input.
      args: [...args, ...call.extraArgs, '-'],
      stdin: call.prompt,
      env: pickVars({ CODEX_API_KEY: key }, ['CODEX_API_KEY']),
      warnings,
    };
  },
  createUsageParser: createCodexJsonUsageParser,
};
