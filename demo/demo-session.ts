/**
 * One demo session: a simulator holding the `demo/textkit` repository, its backlog imported
 * through the CLI's importer, the app running in-process with the simulator's webhooks pointed
 * at it, and a maintainer who can comment. `close()` stops everything and removes every temp dir.
 * Used by `npm run demo` and by the end-to-end test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { startApp } from '../app/start-app.js';
import { importBacklog } from '../cli/backlog/import-backlog.js';
import { parseBacklog, type Backlog } from '../cli/backlog/parse-backlog.js';
import { createGitHubClient } from '../cli/github-client.js';
import { loadRunEnd, type RunEnd } from '../cli/task-state.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { CleanupStack } from './cleanup-stack.js';
import { buildControllerAction } from './controller-action.js';
import {
  demoRepositoryFiles,
  droverActionRefs,
  REPO_ROOT,
  type DemoAgent,
  type DemoController,
} from './demo-repository.js';
import { DEMO_GIT_IDENTITY } from './git-identity.js';

export const DEMO_OWNER = 'demo';
export const DEMO_REPO = 'textkit';
export const MAINTAINER = 'maintainer';
export const DEMO_BACKLOG = join(REPO_ROOT, 'examples', 'demo-backlog.jsonl');

export interface DemoOptions {
  workers: number;
  /** Default: the built-in demo agent. */
  agent?: DemoAgent;
  /** Default: examples/demo-backlog.jsonl. */
  backlogFile?: string;
  /** Import only these backlog ids (and the epics): a smaller scenario for tests. */
  only?: string[];
  /** Extra environment for the jobs (a real agent's model key). */
  jobEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** The simulator's own log (internal errors, webhook deliveries), for diagnosis. */
  simulatorLog?: (line: string) => void;
  /**
   * Run the app as against github.com: writes spaced one second apart (GitHub's advice against
   * secondary limits). Off by default: the simulator has no such limit, and the demo is quicker.
   */
  spaceWrites?: boolean;
  /**
   * `app` (default): the Drover app runs in this process and receives the simulator's webhooks.
   * `actions`: no app process; the repository holds the controller workflow, which the
   * simulator's runner executes on each event, as GitHub would.
   */
  controller?: DemoController;
  /** In `actions` mode: the controller's credentials (default: the App's id and key, as repository variable and secret). */
  controllerToken?: 'app' | 'github-token';
}

export interface DemoSession {
  sim: Simulator;
  repo: { owner: string; repo: string };
  /** The maintainer's client (a person with admin permission). */
  maintainer: Octokit;
  installationId: number;
  backlog: Backlog;
  /** Backlog id → issue number. */
  numbers: Record<string, number>;
  /** How the run ended, once the app says it has (null while it goes on). */
  runEnd: () => Promise<RunEnd | null>;
  appIdle: () => Promise<void>;
  close: () => Promise<void>;
}

/** `cleanup` collects how to undo each step, so a Ctrl-C during start-up can undo what exists. */
export async function startDemoSession(
  options: DemoOptions,
  cleanup = new CleanupStack(),
): Promise<DemoSession> {
  // A fresh machine may have no git identity: give every git process (ours, the simulator's,
  // the runner's jobs) one, and ignore the user's git config so the demo behaves the same everywhere.
  Object.assign(process.env, DEMO_GIT_IDENTITY);
  try {
    return await start(options, cleanup);
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

async function start(options: DemoOptions, cleanup: CleanupStack): Promise<DemoSession> {
  const log = options.log ?? (() => {});
  const backlog = selectLines(loadBacklog(options.backlogFile ?? DEMO_BACKLOG, log), options.only);
  const agent = options.agent ?? { kind: 'demo' };
  const controller = options.controller ?? 'app';
  const actionPaths = Object.fromEntries(droverActionRefs().map((ref) => [ref, REPO_ROOT]));
  if (controller === 'actions') {
    const action = await buildControllerAction();
    cleanup.add('controller action', () => action.remove());
    actionPaths[action.ref] = action.dir;
  }
  const sim = await startSimulator({
    log: options.simulatorLog,
    actions: {
      actionPaths,
      // On GitHub the controller's short jobs get their own runners; here they need spare ones.
      maxConcurrentJobs: controller === 'actions' ? options.workers + 2 : options.workers,
      env: { ...DEMO_GIT_IDENTITY, ...options.jobEnv },
    },
  });
  cleanup.add('simulator', () => sim.close());
  log(`simulator listening on ${sim.baseUrl}`);

  const person = sim.createUser(MAINTAINER);
  sim.createRepo(DEMO_OWNER, DEMO_REPO, {
    files: demoRepositoryFiles(agent, options.workers, controller),
  });
  const fullName = `${DEMO_OWNER}/${DEMO_REPO}`;
  sim.setPermission(fullName, MAINTAINER, 'admin');
  // As most repositories that merge many PRs: GitHub deletes a merged PR's branch.
  sim.state.repos.updateSettings(fullName, { deleteBranchOnMerge: true });
  // A real agent's key reaches its job the way it does on GitHub: as a repository secret.
  for (const [name, value] of Object.entries(options.jobEnv ?? {})) sim.setSecret(fullName, name, value);
  const installationId = sim.installApp(fullName);
  const repo = { owner: DEMO_OWNER, repo: DEMO_REPO };
  log(`created ${fullName}: the textkit project, its tests, .github/drover.yml and the Drover workflow`);

  const client = createGitHubClient({ token: person.token, apiUrl: sim.baseUrl, warn: log });
  const summary = await importBacklog(client, repo, backlog);
  for (const warning of summary.warnings) log(`warning: ${warning}`);
  log(
    `imported the backlog: ${summary.issuesCreated} issues, ${summary.subIssuesLinked} sub-issue links, ` +
      `${summary.dependenciesLinked} dependencies` +
      (summary.dependencyLabelsAdded > 0 ? `, ${summary.dependencyLabelsAdded} blocked-by labels` : ''),
  );

  const appIdle = await startController(sim, fullName, controller, options, cleanup, log);

  return {
    sim,
    repo,
    maintainer: new Octokit({ auth: person.token, baseUrl: sim.baseUrl }),
    installationId,
    backlog,
    numbers: summary.numbers,
    runEnd: () => loadRunEnd(client, repo),
    appIdle,
    close: () => cleanup.run(),
  };
}

/**
 * The controller: the app in this process (webhooks pointed at it), or the controller workflow,
 * given the App's id and key the way a repository gives them (a variable and a secret). Returns
 * how to wait until it has nothing left to do.
 */
async function startController(
  sim: Simulator,
  fullName: string,
  controller: DemoController,
  options: DemoOptions,
  cleanup: CleanupStack,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  if (controller === 'actions') {
    if ((options.controllerToken ?? 'app') === 'app') {
      sim.actions.setVariable(fullName, 'DROVER_APP_ID', String(sim.app.id));
      sim.setSecret(fullName, 'DROVER_APP_PRIVATE_KEY', sim.app.privateKey);
    }
    log('controller: the Drover controller workflow, run by the runner on each event (no app process)');
    return () => sim.actions.idle();
  }
  const app = await startApp({
    appId: sim.app.id,
    privateKey: sim.app.privateKey,
    webhookSecret: sim.app.webhookSecret,
    baseUrl: sim.baseUrl,
    port: 0,
    throttleWrites: options.spaceWrites ?? false,
    // The app's own log stays quiet unless asked for: the demo prints its own progress.
    log: appLogLevel(process.env.DROVER_DEMO_APP_LOG),
  });
  cleanup.add('app', async () => {
    await app.close();
  });
  sim.webhooks.setTarget(app.webhookUrl, sim.app.webhookSecret);
  log(`app listening on ${app.webhookUrl}`);
  return () => app.idle();
}

/** The backlog, checked as `drover import-jsonl` checks it: warnings said, problems refuse it. */
function loadBacklog(file: string, log: (line: string) => void): Backlog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `--backlog ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`,
    );
  }
  const parsed = parseBacklog(text);
  for (const warning of parsed.warnings) log(`${file}:${warning.line}: warning: ${warning.message}`);
  if (parsed.ok) return parsed.backlog;
  throw new Error(
    `${file}: ${parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`,
  );
}

function appLogLevel(value: string | undefined): 'silent' | 'info' | 'debug' {
  return value === 'info' || value === 'debug' ? value : 'silent';
}

function selectLines(backlog: Backlog, only: string[] | undefined): Backlog {
  if (only === undefined) return backlog;
  const keep = new Set(only);
  const work = [...backlog.stories, ...backlog.tasks];
  const missing = only.filter((id) => !work.some(({ item }) => item.id === id));
  if (missing.length > 0) throw new Error(`the backlog has no line with id ${missing.join(', ')}`);
  return {
    epics: backlog.epics,
    stories: backlog.stories.filter(({ item }) => keep.has(item.id)),
    tasks: backlog.tasks.filter(({ item }) => keep.has(item.id)),
  };
}
