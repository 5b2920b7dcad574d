/**
 * `npm run demo`: Drover driving a whole backlog to completion, offline, in under two minutes.
 * A local GitHub simulator holds a small project and its backlog; the app runs in-process; a
 * maintainer comments `/drover run --workers 4`; the simulator's runner executes the real action
 * for each dispatch with a deterministic demo agent. Leaves no process or temp dir behind.
 *
 *   npm run demo [-- --workers N] [--agent claude|codex|amp|opencode] [--status-out FILE]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CleanupStack } from './cleanup-stack.js';
import { REAL_AGENTS, type RealAgent } from './demo-repository.js';
import { buildReport, formatReport } from './demo-report.js';
import { startDemoSession, type DemoSession } from './demo-session.js';
import { DEMO_GIT_IDENTITY } from './git-identity.js';
import { liveProgress } from './live-progress.js';
import { realAgentKeys } from './real-agent.js';
import { runAndWatch } from './watch-run.js';

const execFileAsync = promisify(execFile);

/** The demo's promise is "under two minutes"; past this it stops and says what was left. */
const DEMO_TIMEOUT_SECONDS = 110;
const REAL_AGENT_TIMEOUT_SECONDS = 30 * 60;

interface DemoArgs {
  workers: number;
  agent: RealAgent | null;
  statusOut: string | null;
  timeoutSeconds: number;
}

function parseDemoArgs(argv: string[]): DemoArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      workers: { type: 'string', default: '4' },
      agent: { type: 'string' },
      'status-out': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run demo [-- --workers N] [--agent claude|codex|amp|opencode] [--status-out FILE] [--timeout SECONDS]\n',
    );
    process.exit(0);
  }
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 16)
    throw new Error(`--workers "${values.workers}" must be a whole number from 1 to 16`);
  const agent = values.agent ?? null;
  if (agent !== null && !(REAL_AGENTS as readonly string[]).includes(agent)) {
    throw new Error(
      `--agent "${agent}" is not one of ${REAL_AGENTS.join(', ')} (leave it out for the built-in demo agent)`,
    );
  }
  const timeoutSeconds = Number(
    values.timeout ?? (agent === null ? DEMO_TIMEOUT_SECONDS : REAL_AGENT_TIMEOUT_SECONDS),
  );
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new Error(`--timeout "${values.timeout}" must be a number of seconds`);
  return {
    workers,
    agent: agent as RealAgent | null,
    statusOut: values['status-out'] ?? null,
    timeoutSeconds,
  };
}

async function main(): Promise<number> {
  const args = parseDemoArgs(process.argv.slice(2));
  const jobEnv = args.agent === null ? {} : await realAgentKeys(args.agent, process.env);
  const cleanup = new CleanupStack();
  let interrupted = false;
  const interrupt = () => {
    // A second Ctrl-C (or npm's SIGTERM after the first) must not cut the clean-up short.
    if (interrupted) {
      process.stderr.write('still stopping: waiting for the app to finish its reconcile…\n');
      return;
    }
    interrupted = true;
    process.stderr.write('\ninterrupted: stopping the app, the runner and the simulator…\n');
    cleanup.run().then(
      () => process.exit(130),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(130);
      },
    );
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    say(
      `Drover demo: ${args.agent ?? 'built-in demo'} agent, ${args.workers} workers, everything on this machine`,
    );
    const session = await startDemoSession(
      { workers: args.workers, agent: args.agent, jobEnv, log: say },
      cleanup,
    );
    say(`maintainer comments: /drover run --workers ${args.workers}`);
    const progress = liveProgress(process.stdout);
    const timeoutMs = args.timeoutSeconds * 1000;
    const watched = await runAndWatch(session, {
      workers: args.workers,
      timeoutMs,
      onEvent: progress.event,
    }).finally(progress.end);
    await session.appIdle();
    const report = await buildReport(session, watched);
    say('');
    for (const line of formatReport(report)) say(line);
    if (args.statusOut && report.statusComment) {
      writeFileSync(args.statusOut, report.statusComment.body);
      say(`                   (its markdown, mermaid graph included, written to ${args.statusOut})`);
    }
    const testsPass = await projectTestsPass(session, cleanup, say);
    if (watched.finished !== 'all-closed') {
      const left = report.tasks - report.done;
      say(
        `the run ${watched.finished === 'timeout' ? `did not finish within ${timeoutMs / 1000}s` : 'stopped making progress'}: ${left} task(s) not done`,
      );
    }
    return watched.finished === 'all-closed' && testsPass ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

/** Clone the demo repository's default branch and run its own tests, as a newcomer would. */
async function projectTestsPass(
  session: DemoSession,
  cleanup: CleanupStack,
  say: (line: string) => void,
): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'drover-demo-clone-'));
  const removeClone = () => rmSync(dir, { recursive: true, force: true });
  // Registered too, so an interrupt during the clone or the tests still removes it.
  cleanup.add('clone', removeClone);
  try {
    const env = { ...process.env, ...DEMO_GIT_IDENTITY };
    await execFileAsync(
      'git',
      ['clone', '--quiet', session.sim.host.cloneUrl(session.repo.owner, session.repo.repo), dir],
      { env },
    );
    try {
      const { stdout } = await execFileAsync(process.execPath, ['--test'], { cwd: dir, env });
      const passed = /^# pass (\d+)/m.exec(stdout)?.[1] ?? '?';
      say(`project tests:     node --test on the merged main branch: ${passed} passed`);
      return true;
    } catch (error) {
      const output = (error as { stdout?: string }).stdout ?? '';
      say(
        `project tests:     FAILED on the merged main branch\n${output
          .split('\n')
          .filter((line) => line.startsWith('not ok'))
          .join('\n')}`,
      );
      return false;
    }
  } finally {
    removeClone();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
