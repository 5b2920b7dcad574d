/**
 * `.github/drover.yml`: the schema (with every default), its parser and its validation messages.
 * Keys stay snake_case, as people write them, so a problem names the key they typed.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { CLAIM_GRACE_MS } from './attempt-history.js';
import { protectedPatternProblem } from './protected-paths.js';

const AGENT_NAMES = ['claude', 'codex', 'amp', 'opencode', 'command'] as const;

const agentSchema = z
  .strictObject({
    name: z.enum(AGENT_NAMES).default('claude').describe('Which coding agent runs an attempt.'),
    command: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Shell command run as the agent; required when name is "command".'),
    model: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe("Model passed to the agent; null = the agent's default."),
    max_turns: z
      .int()
      .min(1)
      .nullable()
      .default(null)
      .describe('Turn limit passed to the agent; null = no limit.'),
    args: z.array(z.string()).default([]).describe('Extra command-line arguments for the agent.'),
  })
  .superRefine((agent, context) => {
    if (agent.name === 'command' && agent.command === null) {
      context.addIssue({
        code: 'custom',
        path: ['command'],
        message: 'is required when agent.name is "command" (a shell command, e.g. "./scripts/agent.sh")',
      });
    }
  });

const backoffSchema = z.strictObject({
  base_seconds: z.int().min(1).default(60).describe('Delay before the second attempt.'),
  factor: z.number().min(1).default(2).describe('Each later delay is the previous one times this.'),
  max_seconds: z.int().min(1).default(3600).describe('Upper bound of any delay.'),
});

const mergeSchema = z.strictObject({
  mode: z
    .enum(['auto', 'direct', 'manual'])
    .default('auto')
    .describe('auto = GitHub auto-merge, direct = merge once mergeable, manual = leave it to people.'),
  method: z
    .enum(['merge', 'squash', 'rebase'])
    .default('squash')
    .describe('Merge method of the pull request.'),
  checks: z
    .enum(['all', 'required'])
    .default('all')
    .describe(
      'all = merge only when every check passed (never red); required = a failing check that is not required does not hold the merge.',
    ),
});

const patchSchema = z.strictObject({
  max_bytes: z.int().min(1).default(5_000_000).describe('Largest patch the app writes.'),
  max_files: z.int().min(1).default(500).describe('Most files one patch may touch.'),
  allow_workflow_changes: z.boolean().default(false).describe('May a patch change .github/workflows/**?'),
  protected_paths: z
    .array(
      z.string().superRefine((pattern, context) => {
        const problem = protectedPatternProblem(pattern);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    )
    .default([])
    .describe(
      'Globs a patch may change only with a person merging it, added to the built-in list (workflows, .github/actions, drover.yml, CODEOWNERS, .gitmodules, .gitattributes).',
    ),
});

const labelsSchema = z.strictObject({
  task: z.string().min(1).default('drover').describe('Marks an issue as a task.'),
  // Drover no longer applies these two (the run and the PR are the state, and the status comment
  // shows it); it removes them where an earlier version left them.
  running: z.string().min(1).default('drover:running').describe('Legacy: removed where found.'),
  review: z.string().min(1).default('drover:review').describe('Legacy: removed where found.'),
  blocked: z.string().min(1).default('drover:blocked').describe('The agent needs a human.'),
  failed: z.string().min(1).default('drover:failed').describe('Attempts are exhausted.'),
  stuck: z
    .string()
    .min(1)
    .default('drover:stuck')
    .describe('The task cannot move until a person fixes its input (a cycle, a missing or failed blocker).'),
});

const trustSchema = z.strictObject({
  min_permission: z
    .enum(['write', 'maintain', 'admin'])
    .default('write')
    .describe('Lowest repository permission that may give /drover commands.'),
});

const projectStatusesSchema = z.strictObject({
  todo: z.string().min(1).default('Todo'),
  ready: z.string().min(1).default('Ready'),
  in_progress: z.string().min(1).default('In progress'),
  in_review: z.string().min(1).default('In review'),
  done: z.string().min(1).default('Done'),
  blocked: z.string().min(1).default('Blocked'),
  failed: z.string().min(1).default('Failed'),
});

const projectSchema = z.strictObject({
  owner: z.string().min(1).describe('User or organisation owning the project (v2).'),
  number: z.int().min(1).describe('The project number, as in its URL.'),
  field: z.string().min(1).default('Status').describe('Single-select field that follows the task state.'),
  statuses: projectStatusesSchema.prefault({}).describe('Option name for each task state.'),
});

// `.prefault({})` (not `.default`) so an omitted section is parsed and gets its inner defaults.
export const droverConfigSchema = z
  .strictObject({
    workers: z.int().min(1).max(64).default(3).describe('Concurrent attempts.'),
    workflow: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, 'must be a workflow file name in .github/workflows/, e.g. "drover.yml"')
      .default('drover.yml')
      .describe('Workflow file the app dispatches, in .github/workflows/.'),
    agent: agentSchema.prefault({}),
    verify: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Shell command that must pass, e.g. "npm test".'),
    // A job on a GitHub-hosted runner is stopped after 6 hours (GitHub Actions usage limits).
    timeout_minutes: z.int().min(1).max(360).default(60).describe('Per attempt.'),
    max_attempts: z.int().min(1).max(20).default(3).describe('Attempts per task before it is marked failed.'),
    max_fix_attempts: z
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe(
        'Fix attempts per task when checks fail on its pull request; when they are used up the task is failed.',
      ),
    backoff: backoffSchema.prefault({}).describe('Delay before attempt n+1 = min(max, base * factor^(n-1)).'),
    merge: mergeSchema.prefault({}),
    not_planned_satisfies: z
      .boolean()
      .default(false)
      .describe('Does a blocker closed as "not planned" count as met?'),
    patch: patchSchema.prefault({}),
    labels: labelsSchema.prefault({}),
    trust: trustSchema.prefault({}),
    resync_minutes: z.int().min(1).max(1440).default(5).describe('Periodic reconcile, in minutes.'),
    // At least twice the claimer's dispatch window (CLAIM_DISPATCH_WINDOW_MS, 10 s): the rest is
    // the margin that keeps an abandoned claim from ever running (docs/control-loop.md §4).
    claim_grace_seconds: z
      .int()
      .min(20)
      .max(3600)
      .default(CLAIM_GRACE_MS / 1000)
      .describe(
        'How long an attempt claimed without a workflow run waits before it counts as never started and the next attempt is claimed. Raise it where GitHub lists new runs slowly.',
      ),
    status_interval_seconds: z
      .int()
      .min(10)
      .max(3600)
      .default(60)
      .describe(
        'Least time between two updates of the run status comment (it is always updated when the run ends).',
      ),
    project: projectSchema
      .nullable()
      .default(null)
      .describe('GitHub Projects (v2) board to keep in step, or null.'),
    budget_usd: z
      .number()
      .positive()
      .nullable()
      .default(null)
      .describe('Default budget per run; null = unlimited.'),
    epic_budgets_usd: z
      .record(z.string().min(1), z.number().positive())
      .default({})
      .describe(
        'Default budget of a run over one epic, by epic name (e.g. { auth: 20 }); /drover run --budget overrides it.',
      ),
    instructions: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "The repository's instruction file for agents (read from the default branch); null = AGENTS.md or CLAUDE.md when present.",
      ),
  })
  .describe('Drover configuration (.github/drover.yml)');

export type DroverConfig = z.output<typeof droverConfigSchema>;

export type ConfigResult = { ok: true; config: DroverConfig } | { ok: false; problems: string[] };

export function defaultConfig(): DroverConfig {
  return droverConfigSchema.parse({});
}

/** Parses the text of `.github/drover.yml`; an empty file means every default. */
export function parseConfig(yamlText: string): ConfigResult {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      return { ok: false, problems: [`drover.yml is not valid YAML: ${error.message}`] };
    }
    throw error;
  }
  return validateConfig(data ?? {});
}

/** Validates already-parsed data (e.g. from JSON); every problem names its key path. */
export function validateConfig(data: unknown): ConfigResult {
  const result = droverConfigSchema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map(
          (unknown) =>
            `${joinPath(issue.path, unknown)}: unknown key (allowed: ${allowedKeys(issue.path).join(', ')})`,
        )
        .join('; ');
    case 'invalid_value':
      return `${key}: ${show(issue.input)} is not one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      if (issue.input === undefined)
        return `${key}: is required (${expectedType(issue.path, issue.expected)})`;
      return `${key}: expected ${expectedType(issue.path, issue.expected)}${nullableHint(issue.path)}, got ${show(issue.input)}`;
    case 'invalid_format':
      return `${key}: ${show(issue.input)} ${issue.message}`;
    case 'too_small':
      return `${key}: ${show(issue.input)} is too small (${rangeOf(issue.path) ?? `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`})`;
    case 'too_big':
      return `${key}: ${show(issue.input)} is too big (${rangeOf(issue.path) ?? `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`})`;
    default:
      return `${key}: ${issue.message}`;
  }
}

function joinPath(path: PropertyKey[], last: string): string {
  return [...path.map(String), last].join('.');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** The schema node at a key path, for messages that list what is allowed there. */
function schemaAt(path: PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType = droverConfigSchema;
  for (const segment of path) {
    const object = unwrap(node);
    if (!(object instanceof z.ZodObject)) return undefined;
    const child = (object.shape as Record<string, z.ZodType>)[String(segment)];
    if (child === undefined) return undefined;
    node = child;
  }
  return node;
}

function unwrap(node: z.ZodType): z.ZodType {
  let current: z.ZodType = node;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? (current.in as z.ZodType) : (current.unwrap() as z.ZodType);
  }
  return current;
}

function allowedKeys(path: PropertyKey[]): string[] {
  const object = unwrap(schemaAt(path) ?? droverConfigSchema);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

function nullableHint(path: PropertyKey[]): string {
  const node = schemaAt(path);
  return node !== undefined && node.safeParse(null).success ? ' or null' : '';
}

/** "allowed: 1..64" when the key has both bounds; otherwise the issue's own bound is clearer. */
function rangeOf(path: PropertyKey[]): string | null {
  const node = schemaAt(path);
  const inner = node === undefined ? undefined : unwrap(node);
  if (!(inner instanceof z.ZodNumber)) return null;
  const { minValue, maxValue } = inner;
  const bounded = (value: number | null): value is number =>
    value !== null && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  return bounded(minValue) && bounded(maxValue) ? `allowed: ${minValue}..${maxValue}` : null;
}

function expectedType(path: PropertyKey[], expected: string): string {
  const node = schemaAt(path);
  const inner = node === undefined ? undefined : unwrap(node);
  if (inner instanceof z.ZodNumber && inner.isInt) return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
