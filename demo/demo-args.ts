/**
 * `npm run demo` options: workers, another backlog, another agent (a real one, or any command
 * through Drover's command agent), where to write the final status, how long to wait. Each bad
 * value is refused with its option named.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REAL_AGENTS, type DemoAgent, type DemoController, type RealAgent } from './demo-repository.js';

/** The demo's promise is "under two minutes"; past this it stops and says what was left. */
const DEMO_TIMEOUT_SECONDS = 110;
const REAL_AGENT_TIMEOUT_SECONDS = 30 * 60;

export const USAGE = `usage: npm run demo -- [options]
  --workers N              attempts at once, 1-16 (default 4)
  --backlog FILE           another JSONL backlog to run (default: examples/demo-backlog.jsonl)
  --agent NAME             claude | codex | amp | opencode: a real agent, installed and
                           authenticated here; or "command" with --agent-command
  --agent-command CMD      with --agent command: the shell command the command agent runs in
                           each job's checkout of the demo repository (use absolute paths for
                           your own files)
  --status-out FILE        write the final status comment's markdown there
  --timeout SECONDS        stop waiting after this long (default 110, 1800 with another agent)
  --controller WHERE       app (default: the Drover app in this process) or actions (no app
                           process: the controller workflow runs in the simulated Actions on
                           each event, as with \`drover init --controller actions\`)
`;

export interface DemoArgs {
  workers: number;
  agent: DemoAgent;
  backlog: string | null;
  statusOut: string | null;
  timeoutSeconds: number;
  controller: DemoController;
}

export function parseDemoArgs(argv: string[]): DemoArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      workers: { type: 'string', default: '4' },
      backlog: { type: 'string' },
      agent: { type: 'string' },
      'agent-command': { type: 'string' },
      'status-out': { type: 'string' },
      timeout: { type: 'string' },
      controller: { type: 'string', default: 'app' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 16)
    throw new Error(`--workers "${values.workers}" must be a whole number from 1 to 16`);
  const agent = parseAgent(values.agent, values['agent-command']);
  const timeoutSeconds = Number(
    values.timeout ?? (agent.kind === 'demo' ? DEMO_TIMEOUT_SECONDS : REAL_AGENT_TIMEOUT_SECONDS),
  );
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new Error(`--timeout "${values.timeout}" must be a number of seconds`);
  if (values.controller !== 'app' && values.controller !== 'actions')
    throw new Error(`--controller "${values.controller}" must be app or actions`);
  return {
    workers,
    agent,
    controller: values.controller,
    backlog: values.backlog === undefined ? null : checkBacklogFile(values.backlog),
    statusOut: values['status-out'] ?? null,
    timeoutSeconds,
  };
}

export function parseAgent(name: string | undefined, command: string | undefined): DemoAgent {
  if (name === 'command') {
    if (command === undefined || command.trim() === '')
      throw new Error('--agent command needs --agent-command CMD (the shell command the agent runs)');
    return { kind: 'command', command };
  }
  if (command !== undefined) throw new Error('--agent-command is for --agent command; add --agent command');
  if (name === undefined) return { kind: 'demo' };
  if (!(REAL_AGENTS as readonly string[]).includes(name))
    throw new Error(
      `--agent "${name}" is not one of ${[...REAL_AGENTS, 'command'].join(', ')} (leave it out for the built-in demo agent)`,
    );
  return { kind: 'real', name: name as RealAgent };
}

function checkBacklogFile(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`--backlog ${file}: no such file`);
  if (!statSync(path).isFile()) throw new Error(`--backlog ${file}: not a file`);
  return path;
}

export function describeAgent(agent: DemoAgent): string {
  if (agent.kind === 'demo') return 'built-in demo agent';
  if (agent.kind === 'real') return `${agent.name} agent`;
  return `command agent (${agent.command})`;
}
