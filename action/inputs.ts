/**
 * The action's inputs (action.yml), read and checked once. A bad input stops the action before
 * it touches anything, with a message naming the input and what it accepts.
 *
 * Two kinds: the job inputs the app dispatches (task, attempt, run, mode, pull-request, base-sha), and
 * agent settings (agent, model, verify, …) that override `.github/drover.yml` of the default
 * branch when given, so one workflow file serves every repository's configuration.
 */
import { z } from 'zod';
import type { DroverConfig } from '../core/config.js';
import { AGENT_NAMES } from './agents/registry.js';

export const MODES = ['implement', 'resolve', 'fix', 'revise', 'spec'] as const;

export interface JobInputs {
  task: number;
  attempt: number;
  /** The Drover run this attempt belongs to (opaque to the action). */
  run: string;
  mode: (typeof MODES)[number];
  /** For `resolve`: the conflicted pull request (found by branch `drover/<task>/…` when absent). */
  pullRequest: number | null;
  /** The commit to start from, pinned by the controller when it claimed the attempt (null: the default branch's head). */
  baseSha: string | null;
  /** The hash of the approved task text, pinned at dispatch (null: not checked, a run dispatched by hand). */
  textHash: string | null;
  /** For `spec`: the documents to read (files or folders, relative to the repository root). */
  specPaths: string[];
  /** For `revise`: what asked for the revision (a review or a `/drover revise` comment, by id). */
  feedback: { kind: 'review' | 'comment'; id: number } | null;
  /** What is left of the run's budget, in US dollars, for agents that can stop there (null: no cap). */
  budgetUsd: number | null;
  githubToken: string;
}

export interface AgentSettings {
  agent: string;
  agentCommand: string | null;
  model: string | null;
  maxTurns: number | null;
  agentArgs: string[];
  verify: string | null;
  timeoutMinutes: number;
}

/** Agent settings given as inputs; undefined = take it from the config. */
export type AgentOverrides = Partial<AgentSettings>;

export type ActionInputs = JobInputs & AgentSettings;

/** Reads one input as @actions/core does (`INPUT_<NAME>`, trimmed; '' when unset). */
export type InputReader = (name: string) => string;

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a positive integer` })
    .int(`${name} must be a positive integer`)
    .positive(`${name} must be a positive integer`);

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

function checked<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(`bad input: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
}

const jobSchema = z.object({
  task: positiveInt('task'),
  attempt: positiveInt('attempt'),
  run: z.string(),
  mode: z.enum(MODES, { error: `mode must be one of ${MODES.join(', ')}` }),
  pullRequest: positiveInt('pull-request').optional(),
  baseSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'base-sha must be a full commit sha (40 hex digits)')
    .optional(),
  textHash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'text-hash must be sha256: and 64 hex digits, as the app sends it')
    .optional(),
  githubToken: z.string().min(1, 'github-token is empty: pass ${{ github.token }}'),
  feedback: z
    .string()
    .regex(/^(review|comment):\d{1,19}$/, 'feedback must be review:<id> or comment:<id>')
    .optional(),
  budgetUsd: z.coerce
    .number({ error: 'budget-usd must be an amount in US dollars' })
    .nonnegative('budget-usd must be an amount in US dollars')
    .optional(),
});

export function parseJobInputs(read: InputReader): JobInputs {
  const inputs = checked(jobSchema, {
    task: read('task'),
    attempt: optional(read('attempt')) ?? '1',
    run: read('run'),
    mode: optional(read('mode')) ?? 'implement',
    pullRequest: optional(read('pull-request')),
    baseSha: optional(read('base-sha')),
    textHash: optional(read('text-hash')),
    githubToken: read('github-token'),
    feedback: optional(read('feedback')),
    budgetUsd: optional(read('budget-usd')),
  });
  const specPaths = read('spec')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (inputs.mode === 'spec' && specPaths.length === 0)
    throw new Error('bad input: mode spec needs the spec input: the documents to read, one path per line');
  if (inputs.mode === 'revise' && inputs.feedback === undefined)
    throw new Error('bad input: mode revise needs the feedback input: review:<id> or comment:<id>');
  const [kind, id] = (inputs.feedback ?? '').split(':');
  return {
    ...inputs,
    pullRequest: inputs.pullRequest ?? null,
    baseSha: inputs.baseSha ?? null,
    specPaths,
    feedback: inputs.feedback === undefined ? null : { kind: kind as 'review' | 'comment', id: Number(id) },
    budgetUsd: inputs.budgetUsd ?? null,
    textHash: inputs.textHash ?? null,
  };
}

const overridesSchema = z.object({
  agent: z
    .string()
    .refine((name) => AGENT_NAMES.includes(name), { error: `agent must be one of ${AGENT_NAMES.join(', ')}` })
    .optional(),
  agentCommand: z.string().optional(),
  model: z.string().optional(),
  maxTurns: positiveInt('max-turns').optional(),
  agentArgs: z.array(z.string()).optional(),
  verify: z.string().optional(),
  timeoutMinutes: z.coerce
    .number({ error: 'timeout-minutes must be a number of minutes' })
    .positive('timeout-minutes must be more than 0')
    .max(360, 'timeout-minutes must be at most 360 (GitHub ends a job after 6 hours)')
    .optional(),
});

export function parseAgentOverrides(read: InputReader): AgentOverrides {
  const args = read('agent-args')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const overrides = checked(overridesSchema, {
    agent: optional(read('agent')),
    agentCommand: optional(read('agent-command')),
    model: optional(read('model')),
    maxTurns: optional(read('max-turns')),
    agentArgs: args.length > 0 ? args : undefined,
    verify: optional(read('verify')),
    timeoutMinutes: optional(read('timeout-minutes')),
  });
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as AgentOverrides;
}

/** Inputs first, then `.github/drover.yml` (whose schema holds the defaults). */
export function resolveAgentSettings(overrides: AgentOverrides, config: DroverConfig): AgentSettings {
  const agentChanged = overrides.agent !== undefined && overrides.agent !== config.agent.name;
  const settings: AgentSettings = {
    agent: overrides.agent ?? config.agent.name,
    // A command configured for another agent does not carry over to an agent chosen by input.
    agentCommand: overrides.agentCommand ?? (agentChanged ? null : config.agent.command),
    model: overrides.model ?? (agentChanged ? null : config.agent.model),
    maxTurns: overrides.maxTurns ?? config.agent.max_turns,
    agentArgs: overrides.agentArgs ?? (agentChanged ? [] : config.agent.args),
    verify: overrides.verify ?? config.verify,
    timeoutMinutes: overrides.timeoutMinutes ?? config.timeout_minutes,
  };
  if (settings.agent === 'command' && !settings.agentCommand) {
    throw new Error(
      'bad input: agent "command" needs agent-command (or agent.command in .github/drover.yml): the shell command to run',
    );
  }
  return settings;
}
