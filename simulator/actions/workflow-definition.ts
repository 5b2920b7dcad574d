/**
 * A workflow file, read into the parts the local runner interprets. GitHub's own parser
 * (@actions/workflow-parser) validates the file; the `yaml` tree gives the values, because
 * `convertWorkflowTemplate()` drops `run-name`, `permissions` and `timeout-minutes`.
 */
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import type { Permission } from '../host.js';
import { readTriggers, type WorkflowTriggers } from './workflow-triggers.js';

export interface DispatchInput {
  default?: string | number | boolean;
  required?: boolean;
  type?: string;
}

export interface StepDefinition {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  if?: string;
  workingDirectory?: string;
  continueOnError: boolean;
}

export interface JobDefinition {
  id: string;
  name: string;
  runsOn: string;
  /** null: the job did not say (the workflow's, else the repository default, applies). */
  permissions: Record<string, Permission> | null;
  /** GitHub's default is 360 minutes. https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes */
  timeoutMinutes: number;
  env: Record<string, string>;
  if?: string;
  /** Job-level `concurrency:` (the group may hold `${{ }}`, evaluated when the job is about to start). */
  concurrency: { group: string; cancelInProgress: boolean } | null;
  steps: StepDefinition[];
}

export interface WorkflowDefinition {
  /** `name:`, else the file path, as GitHub shows it. */
  name: string;
  path: string;
  runName?: string;
  env: Record<string, string>;
  permissions: Record<string, Permission> | null;
  /** Workflow-level `concurrency:` (the group may hold `${{ }}`). */
  concurrency: { group: string; cancelInProgress: boolean } | null;
  /** `on.workflow_dispatch.inputs`; null when the workflow has no workflow_dispatch trigger. */
  dispatchInputs: Record<string, DispatchInput> | null;
  /** `on.push` and `on.pull_request`, for the runs events start. */
  triggers: WorkflowTriggers;
  jobs: JobDefinition[];
}

export class WorkflowFileError extends Error {}

const DEFAULT_TIMEOUT_MINUTES = 360;

/** Every scope a `permissions:` block may name. https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#permissions */
const PERMISSION_SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
];

type YamlMap = Record<string, unknown>;

const isMap = (value: unknown): value is YamlMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, v === null ? '' : String(v)]));
}

/** `pull-requests` in YAML is `pull_requests` in GitHub App permissions (what the simulator checks). */
const scopeName = (scope: string) => scope.replace(/-/g, '_');

/** `permissions:` as GitHub reads it: `read-all`, `write-all`, `{}` or a map; unnamed scopes get no access. */
export function readPermissions(value: unknown): Record<string, Permission> | null {
  if (value === undefined || value === null) return null;
  if (value === 'read-all' || value === 'write-all') {
    const level: Permission = value === 'read-all' ? 'read' : 'write';
    return Object.fromEntries([...PERMISSION_SCOPES.map((s) => [scopeName(s), level]), ['metadata', 'read']]);
  }
  if (!isMap(value)) throw new WorkflowFileError(`Invalid permissions: ${JSON.stringify(value)}`);
  const granted: Record<string, Permission> = { metadata: 'read' };
  for (const [scope, level] of Object.entries(value)) {
    if (level === 'none') continue;
    if (level !== 'read' && level !== 'write')
      throw new WorkflowFileError(`Invalid permission ${scope}: ${String(level)}`);
    granted[scopeName(scope)] = level;
  }
  return granted;
}

function readStep(raw: unknown, index: number, jobId: string): StepDefinition {
  if (!isMap(raw)) throw new WorkflowFileError(`jobs.${jobId}.steps[${index}] is not a mapping`);
  return {
    id: raw.id === undefined ? undefined : String(raw.id),
    name: raw.name === undefined ? undefined : String(raw.name),
    uses: raw.uses === undefined ? undefined : String(raw.uses),
    run: raw.run === undefined ? undefined : String(raw.run),
    shell: raw.shell === undefined ? undefined : String(raw.shell),
    with: stringMap(raw.with),
    env: stringMap(raw.env),
    if: raw.if === undefined ? undefined : String(raw.if),
    workingDirectory: raw['working-directory'] === undefined ? undefined : String(raw['working-directory']),
    continueOnError: raw['continue-on-error'] === true,
  };
}

function readJob(id: string, raw: unknown): JobDefinition {
  if (!isMap(raw)) throw new WorkflowFileError(`jobs.${id} is not a mapping`);
  if (raw.uses !== undefined)
    throw new WorkflowFileError(`jobs.${id}: reusable workflows are not supported by the simulator`);
  const timeout = raw['timeout-minutes'] ?? DEFAULT_TIMEOUT_MINUTES;
  if (typeof timeout !== 'number' || timeout <= 0)
    throw new WorkflowFileError(`jobs.${id}.timeout-minutes must be a positive number`);
  const steps = Array.isArray(raw.steps) ? raw.steps : [];
  return {
    id,
    name: raw.name === undefined ? id : String(raw.name),
    runsOn: Array.isArray(raw['runs-on'])
      ? raw['runs-on'].map(String).join(',')
      : String(raw['runs-on'] ?? ''),
    permissions: readPermissions(raw.permissions),
    timeoutMinutes: timeout,
    env: stringMap(raw.env),
    if: raw.if === undefined ? undefined : String(raw.if),
    concurrency: readConcurrency(raw.concurrency),
    steps: steps.map((step, index) => readStep(step, index, id)),
  };
}

function readDispatchInputs(on: unknown): Record<string, DispatchInput> | null {
  if (on === 'workflow_dispatch') return {};
  if (Array.isArray(on)) return on.includes('workflow_dispatch') ? {} : null;
  if (!isMap(on) || !('workflow_dispatch' in on)) return null;
  const trigger = on.workflow_dispatch;
  if (!isMap(trigger) || !isMap(trigger.inputs)) return {};
  return Object.fromEntries(
    Object.entries(trigger.inputs).map(([name, spec]) => [name, isMap(spec) ? (spec as DispatchInput) : {}]),
  );
}

function readConcurrency(value: unknown): { group: string; cancelInProgress: boolean } | null {
  if (typeof value === 'string') return { group: value, cancelInProgress: false };
  if (!isMap(value) || value.group === undefined) return null;
  return { group: String(value.group), cancelInProgress: value['cancel-in-progress'] === true };
}

/** Validates a workflow file with GitHub's parser and reads it. Throws WorkflowFileError with the parser's messages. */
export function readWorkflow(path: string, content: string): WorkflowDefinition {
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors();
  if (errors.length > 0) {
    throw new WorkflowFileError(`Invalid workflow file ${path}: ${errors.map((e) => e.message).join('; ')}`);
  }
  const tree: unknown = parseYaml(content);
  if (!isMap(tree) || !isMap(tree.jobs))
    throw new WorkflowFileError(`Invalid workflow file ${path}: no jobs`);
  return {
    name: typeof tree.name === 'string' ? tree.name : path,
    path,
    runName: typeof tree['run-name'] === 'string' ? tree['run-name'] : undefined,
    env: stringMap(tree.env),
    permissions: readPermissions(tree.permissions),
    concurrency: readConcurrency(tree.concurrency),
    dispatchInputs: readDispatchInputs(tree.on),
    triggers: readTriggers(tree.on),
    jobs: Object.entries(tree.jobs).map(([id, job]) => readJob(id, job)),
  };
}
