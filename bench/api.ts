/**
 * `npm run bench:api`: what Drover costs in GitHub's API budgets, counted by the simulator as
 * GitHub bills the app's installation (REST answers except 304s; writes; GraphQL points; no git
 * or artifact-blob traffic).
 *
 * 1. The demo backlog with write spacing off: its makespan over the critical-path lower bound.
 * 2. The demo backlog in production settings (default merge mode, writes spaced one second apart,
 *    default resync): its wall time, and REST requests, writes and GraphQL points per task.
 * 3. Synthetic repositories of 100 and 1,000 open tasks: the REST requests of one reconcile
 *    with nothing to do (after the first, full one), and the first pass's cost and wall time.
 *    `npm run bench:api -- --idle-only` runs this stage alone (no last line).
 * 4. The sustained ceiling on github.com's budgets from those costs, and which one binds.
 *
 * Last line: `api: rest_per_task=… writes_per_task=… graphql_points_per_task=… reconcile_rest_100=…
 * reconcile_rest_1000=… tasks_per_hour=… demo_over_cp=… prod_demo_s=…`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type RunningApp } from '../app/start-app.js';
import { buildReport, type DemoReport } from '../demo/demo-report.js';
import { startDemoSession } from '../demo/demo-session.js';
import { runAndWatch } from '../demo/watch-run.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { CONTROL_REF } from '../core/control-record.js';

/**
 * github.com's budgets for a GitHub App installation: 5,000 REST requests an hour (more with many
 * repositories or users, never less), 5,000 GraphQL points an hour, and the secondary limit on
 * content creation, 500 requests an hour and 80 a minute ("Rate limits for the REST API";
 * "Rate limits and query limits for the GraphQL API").
 */
const BUDGETS = { restPerHour: 5000, graphqlPointsPerHour: 5000, writesPerHour: 500 };
/** The default resync period (app/main.ts): the idle cost a repository pays every hour. */
const RESYNCS_PER_HOUR = 12;

interface DemoMeasure {
  report: DemoReport;
  wallMs: number;
}

async function demo(spaceWrites: boolean): Promise<DemoMeasure> {
  const started = Date.now();
  const session = await startDemoSession({ workers: 4, spaceWrites });
  try {
    const watched = await runAndWatch(session, { workers: 4, timeoutMs: 600_000 });
    await session.appIdle();
    const report = await buildReport(session, watched);
    if (report.done !== report.tasks)
      throw new Error(`the demo finished ${report.done} of ${report.tasks} tasks (${watched.finished})`);
    return { report, wallMs: Date.now() - started };
  } finally {
    await session.close();
  }
}

/** REST requests billed for one reconcile with nothing to do, on a repository of `open` open tasks. */
async function idleReconcile(open: number): Promise<{
  rest: number;
  notModified: number;
  graphqlPoints: number;
  firstPassRest: number;
  firstPassGraphqlPoints: number;
  firstPassMs: number;
}> {
  const scratch = mkdtempSync(join(tmpdir(), 'drover-bench-api-'));
  const sim: Simulator = await startSimulator();
  let app: RunningApp | null = null;
  try {
    const owner = sim.createUser('owner');
    const repo = sim.createRepo('owner', 'backlog', { files: { 'README.md': '# backlog\n' } });
    const installationId = sim.installApp(repo.fullName);
    // Tasks made directly in the store: the benchmark measures the controller, not the import.
    for (let number = 1; number <= open; number++) {
      const labels = ['drover', `priority:${1 + (number % 10)}`];
      if (number > 1 && number % 3 === 0) labels.push(`blocked-by:#${number - 1}`);
      sim.state.issues.create(
        repo.fullName,
        { login: owner.login },
        { title: `Task ${number}`, body: 'Do it.', labels },
      );
    }
    // The simulator's Actions module looks for workflows on every issue event (a git process
    // each: about a minute for 1,000 issues here); let it finish, or its work starves the HTTP
    // server (requests answered 400 after 100 s) and pollutes the first pass's time.
    await sim.actions.idle();
    // A paused run: the control record exists, and nothing is to be done. Written before the app
    // starts: its webhook deliveries (one per issue event) would otherwise race this setup.
    await pausedRun(sim, repo.fullName, installationId);
    app = await startApp({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      webhookSecret: sim.app.webhookSecret,
      baseUrl: sim.baseUrl,
      log: 'silent',
    });
    const target = { repo: repo.fullName, installationId };
    const firstStarted = Date.now();
    sim.webhooks.setTarget(app.webhookUrl, sim.app.webhookSecret);
    app.controller().request(target, { full: true });
    await sim.webhooks.settled();
    await app.idle();
    const firstPassMs = Date.now() - firstStarted;
    const first = sim.counters.snapshot().usage.byKind.installation;
    sim.counters.reset();
    app.controller().request(target);
    await app.idle();
    const usage = sim.counters.snapshot().usage.byKind.installation;
    return {
      rest: usage.rest,
      notModified: usage.notModified,
      graphqlPoints: usage.graphqlPoints,
      firstPassRest: first.rest,
      firstPassGraphqlPoints: first.graphqlPoints,
      firstPassMs,
    };
  } finally {
    await app?.close();
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes the control record a paused run leaves (as `/drover run` then `/drover pause` would). */
async function pausedRun(sim: Simulator, repo: string, installationId: number): Promise<void> {
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({ baseUrl: sim.baseUrl, auth: await sim.installationToken(installationId) });
  const [owner = '', name = ''] = repo.split('/');
  const head = await octokit.rest.git.getRef({ owner, repo: name, ref: 'heads/main' });
  const commit = await octokit.rest.git.getCommit({ owner, repo: name, commit_sha: head.data.object.sha });
  const record = {
    version: 1,
    run: {
      id: 'run-bench',
      epic: null,
      workers: 4,
      budgetUsd: null,
      paused: true,
      cancelled: false,
      startedBy: 'owner',
      startedAt: new Date().toISOString(),
    },
    overrides: {},
    dashboard: null,
  };
  const state = await octokit.rest.git.createCommit({
    owner,
    repo: name,
    message: JSON.stringify(record),
    tree: commit.data.tree.sha,
    parents: [],
  });
  await octokit.rest.git.createRef({ owner, repo: name, ref: CONTROL_REF, sha: state.data.sha });
}

function ceiling(
  perTask: { rest: number; writes: number; graphqlPoints: number },
  idleRest: number,
): { tasksPerHour: number; binds: string } {
  const rest = (BUDGETS.restPerHour - RESYNCS_PER_HOUR * idleRest) / perTask.rest;
  const writes = BUDGETS.writesPerHour / perTask.writes;
  const graphql = BUDGETS.graphqlPointsPerHour / Math.max(perTask.graphqlPoints, 1e-9);
  const limits = [
    { name: 'REST requests (5,000/h)', value: rest },
    { name: 'content-creating requests (500/h)', value: writes },
    { name: 'GraphQL points (5,000/h)', value: graphql },
  ].sort((a, b) => a.value - b.value);
  const binding = limits[0] as { name: string; value: number };
  return { tasksPerHour: Math.floor(binding.value), binds: binding.name };
}

/** Prints one idle-reconcile line (the first pass's cost and time included). */
function reportIdle(open: number, idle: Awaited<ReturnType<typeof idleReconcile>>): void {
  console.log(
    `idle reconcile, ${open} open tasks: ${idle.rest} REST billed (${idle.notModified} answered 304), ${idle.graphqlPoints} GraphQL points; the first (full) pass: ${idle.firstPassRest} REST, ${idle.firstPassGraphqlPoints} GraphQL points, ${(idle.firstPassMs / 1000).toFixed(1)} s`,
  );
}

/** `--idle-only`: only stage 3 (the synthetic repositories), to measure the controller's passes alone. */
export async function runIdleStages(): Promise<void> {
  for (const open of [100, 1000]) reportIdle(open, await idleReconcile(open));
}

export async function runApiBench(): Promise<void> {
  const fast = await demo(false);
  const overCp = fast.report.makespanMs / Math.max(1, fast.report.criticalPathMs);
  console.log(
    `demo, writes not spaced: makespan ${(fast.report.makespanMs / 1000).toFixed(1)} s, critical path ${(fast.report.criticalPathMs / 1000).toFixed(1)} s (${overCp.toFixed(2)}x)`,
  );
  const prod = await demo(true);
  const tasks = prod.report.tasks;
  const perTask = {
    rest: prod.report.restRequests / tasks,
    writes: prod.report.writes / tasks,
    graphqlPoints: prod.report.graphqlPoints / tasks,
  };
  console.log(
    `demo, production settings: ${(prod.wallMs / 1000).toFixed(1)} s wall, ${tasks} tasks, ${prod.report.restRequests} REST (${prod.report.writes} writes), ${prod.report.graphqlPoints} GraphQL points billed to the installation`,
  );
  const idle100 = await idleReconcile(100);
  const idle1000 = await idleReconcile(1000);
  reportIdle(100, idle100);
  reportIdle(1000, idle1000);
  const { tasksPerHour, binds } = ceiling(perTask, idle1000.rest);
  console.log(`sustained ceiling on github.com's budgets: ${tasksPerHour} tasks/hour; binding: ${binds}`);
  console.log(
    `api: rest_per_task=${perTask.rest.toFixed(2)} writes_per_task=${perTask.writes.toFixed(2)} graphql_points_per_task=${perTask.graphqlPoints.toFixed(2)} reconcile_rest_100=${idle100.rest} reconcile_rest_1000=${idle1000.rest} tasks_per_hour=${tasksPerHour} demo_over_cp=${overCp.toFixed(2)} prod_demo_s=${(prod.wallMs / 1000).toFixed(1)}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await (process.argv.includes('--idle-only') ? runIdleStages() : runApiBench());
