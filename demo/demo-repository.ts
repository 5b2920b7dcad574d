/**
 * The files of the demo repository: the small `textkit` project (demo/project), the demo agent
 * (copied to scripts/, where the config's `command` runs it) and Drover's workflow. With
 * `--agent <name>` the config names that agent instead of the demo one; with `--agent command
 * --agent-command CMD`, the command agent runs CMD.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROJECT_DIR = join(REPO_ROOT, 'demo', 'project');
const WORKFLOW_FILE = join(REPO_ROOT, '.github', 'workflows', 'drover.yml');
export const DEMO_AGENT_PATH = 'scripts/demo-agent.mjs';
export const REAL_AGENTS = ['claude', 'codex', 'amp', 'opencode'] as const;
export type RealAgent = (typeof REAL_AGENTS)[number];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which agent the demo repository's config names. */
export type DemoAgent =
  | { kind: 'demo' }
  | { kind: 'real'; name: RealAgent }
  /** Drover's command agent running this shell command in the job's checkout. */
  | { kind: 'command'; command: string };

/** Where the demo's controller runs: the app in this process, or the controller workflow in the simulator's runner. */
export type DemoController = 'app' | 'actions';

export function demoRepositoryFiles(
  agent: DemoAgent,
  workers: number,
  controller: DemoController = 'app',
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of filesUnder(PROJECT_DIR)) files[relative(PROJECT_DIR, path)] = readFileSync(path, 'utf8');
  files[DEMO_AGENT_PATH] = readFileSync(join(REPO_ROOT, 'demo', 'demo-agent.mjs'), 'utf8');
  files['.github/workflows/drover.yml'] = readFileSync(WORKFLOW_FILE, 'utf8');
  if (controller === 'actions')
    files['.github/workflows/drover-controller.yml'] = readFileSync(
      join(REPO_ROOT, 'controller', 'drover-controller.yml'),
      'utf8',
    );
  files['.github/drover.yml'] = demoConfig(files['.github/drover.yml'] ?? '', agent, workers);
  return files;
}

/** The demo config with the chosen agent and worker count (comments kept). */
function demoConfig(text: string, agent: DemoAgent, workers: number): string {
  const document = parseDocument(text);
  document.set('workers', workers);
  if (agent.kind === 'demo') return document.toString();
  document.setIn(['agent', 'name'], agent.kind === 'real' ? agent.name : 'command');
  document.setIn(['agent', 'command'], agent.kind === 'command' ? agent.command : null);
  // A real agent, or a command of yours, takes longer than the demo agent's milliseconds.
  document.set('timeout_minutes', 30);
  return document.toString();
}

/**
 * The `uses:` of the workflow's Drover step (anything that is not a GitHub-provided `actions/…`),
 * which the simulator's runner maps to this checkout so the real action runs.
 */
export function droverActionRefs(): string[] {
  const text = readFileSync(WORKFLOW_FILE, 'utf8');
  const refs = [...text.matchAll(/^\s*(?:-\s*)?uses:\s*['"]?([^'"\s#]+)/gm)].map((match) => match[1] ?? '');
  return [...new Set(refs.filter((ref) => ref !== '' && !ref.startsWith('actions/')))];
}
