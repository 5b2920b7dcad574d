/**
 * The action's inputs (action.yml), read and checked once. A bad input stops the action before
 * it touches anything, with a message naming the input and what it accepts.
 */
import { z } from 'zod';
import { AGENT_NAMES } from './agents/registry.js';

export const MODES = ['implement', 'resolve'] as const;

export interface ActionInputs {
  task: number;
  attempt: number;
  /** The Drover run this attempt belongs to (opaque to the action). */
  run: string;
  mode: (typeof MODES)[number];
  /** For `resolve`: the conflicted pull request (found by branch `drover/<task>-…` when absent). */
  pullRequest: number | null;
  agent: string;
  agentCommand: string | null;
  model: string | null;
  maxTurns: number | null;
  agentArgs: string[];
  verify: string | null;
  timeoutMinutes: number;
  githubToken: string;
}

/** Reads one input as @actions/core does (`INPUT_<NAME>`, trimmed; '' when unset). */
export type InputReader = (name: string) => string;

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a positive integer` })
    .int(`${name} must be a positive integer`)
    .positive(`${name} must be a positive integer`);

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

const inputsSchema = z.object({
  task: positiveInt('task'),
  attempt: positiveInt('attempt'),
  run: z.string(),
  mode: z.enum(MODES, { error: `mode must be one of ${MODES.join(', ')}` }),
  pullRequest: positiveInt('pull-request').optional(),
  agent: z
    .string()
    .refine((name) => AGENT_NAMES.includes(name), {
      error: `agent must be one of ${AGENT_NAMES.join(', ')}`,
    }),
  agentCommand: z.string().optional(),
  model: z.string().optional(),
  maxTurns: positiveInt('max-turns').optional(),
  agentArgs: z.array(z.string()),
  verify: z.string().optional(),
  timeoutMinutes: z.coerce
    .number({ error: 'timeout-minutes must be a number of minutes' })
    .positive('timeout-minutes must be more than 0')
    .max(24 * 60, 'timeout-minutes must be at most 1440'),
  githubToken: z.string().min(1, 'github-token is empty: pass ${{ github.token }}'),
});

export function parseInputs(read: InputReader): ActionInputs {
  const raw = {
    task: read('task'),
    attempt: optional(read('attempt')) ?? '1',
    run: read('run'),
    mode: optional(read('mode')) ?? 'implement',
    pullRequest: optional(read('pull-request')),
    agent: optional(read('agent')) ?? 'claude',
    agentCommand: optional(read('agent-command')),
    model: optional(read('model')),
    maxTurns: optional(read('max-turns')),
    agentArgs: read('agent-args')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    verify: optional(read('verify')),
    timeoutMinutes: optional(read('timeout-minutes')) ?? '60',
    githubToken: read('github-token'),
  };
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new Error(`bad input: ${problems}`);
  }
  const inputs = parsed.data;
  if (inputs.agent === 'command' && !inputs.agentCommand) {
    throw new Error('bad input: agent "command" needs agent-command (the shell command to run)');
  }
  return {
    ...inputs,
    pullRequest: inputs.pullRequest ?? null,
    agentCommand: inputs.agentCommand ?? null,
    model: inputs.model ?? null,
    maxTurns: inputs.maxTurns ?? null,
    verify: inputs.verify ?? null,
  };
}
