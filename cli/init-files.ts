/**
 * The files `drover init` writes: a commented `.github/drover.yml` holding every default, and the
 * workflow the app dispatches (the one shipped at this package's `.github/workflows/drover.yml`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const CONFIG_PATH = '.github/drover.yml';
export const WORKFLOW_PATH = '.github/workflows/drover.yml';
/** Where `drover init --controller actions` puts the controller workflow (its template: controller/drover-controller.yml). */
export const CONTROLLER_WORKFLOW_PATH = '.github/workflows/drover-controller.yml';

export const CONFIG_TEMPLATE = `# Drover: how the backlog of this repository is driven (issues labelled "drover").
# Every key is optional; the values below are the defaults.
workers: 3                      # 1..64 attempts at once (a /drover run may say --workers N)
workflow: drover.yml            # the workflow in .github/workflows/ that runs one attempt
agent:
  name: claude                  # claude | codex | amp | opencode | command
  command: null                 # the shell command to run when name is "command"
  model: null                   # null = the agent's default model
  max_turns: null
  args: []
verify: null                    # a command that must pass after the agent, e.g. "npm test"
timeout_minutes: 60             # per attempt, 1..360
max_attempts: 3                 # 1..20
backoff: { base_seconds: 60, factor: 2, max_seconds: 3600 }
merge: { mode: auto, method: squash }   # mode: auto | direct | manual
not_planned_satisfies: false    # does a blocker closed as "not planned" count as done?
patch: { max_bytes: 5000000, max_files: 500, allow_workflow_changes: false }
labels: { task: drover, running: "drover:running", review: "drover:review", blocked: "drover:blocked", failed: "drover:failed" }
trust: { min_permission: write }        # who may give /drover commands: write | maintain | admin
resync_minutes: 5
project: null                   # or { owner: my-org, number: 3, field: Status }
budget_usd: null                # default budget per run; null = unlimited
`;

/** The workflow shipped with Drover; read from the package so there is one copy of it. */
export async function workflowTemplate(): Promise<string> {
  return readFile(fileURLToPath(new URL(`../${WORKFLOW_PATH}`, import.meta.url)), 'utf8');
}

/**
 * The controller workflow shipped with Drover. It lives outside this repository's own
 * .github/workflows (it would run on Drover's own repository there).
 */
export async function controllerWorkflowTemplate(): Promise<string> {
  return readFile(fileURLToPath(new URL('../controller/drover-controller.yml', import.meta.url)), 'utf8');
}
