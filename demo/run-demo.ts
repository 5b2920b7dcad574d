/**
 * `npm run demo`: Drover driving a whole backlog to completion, offline, in under two minutes.
 * A local GitHub simulator holds a small project and its backlog; the app runs in-process; a
 * maintainer comments `/drover run --workers 4`; the simulator's runner executes the real action
 * for each dispatch with a deterministic demo agent. Leaves no process or temp dir behind.
 *
 *   npm run demo [-- --workers N] [--backlog FILE] [--agent claude|codex|amp|opencode]
 *                    [--agent command --agent-command CMD] [--status-out FILE] [--timeout SECONDS]
 *                    [--controller app|actions]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CleanupStack } from './cleanup-stack.js';
import { describeAgent, parseDemoArgs, USAGE } from './demo-args.js';
import { buildReport, formatReport } from './demo-report.js';
import { startDemoSession, type DemoSession } from './demo-session.js';
import { DEMO_GIT_IDENTITY } from './git-identity.js';
import { liveProgress } from './live-progress.js';
import { realAgentKeys } from './real-agent.js';
import { runAndWatch, type WatchResult } from './watch-run.js';

const execFileAsync = promisify(execFile);

async function main(): Promise<number> {
  const args = parseDemoArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const jobEnv = args.agent.kind === 'real' ? await realAgentKeys(args.agent.name, process.env) : {};
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
      `Drover demo: ${describeAgent(args.agent)}, ${args.workers} workers, controller: ${
        args.controller === 'app' ? 'the app' : 'an Actions workflow (no app process)'
      }, everything on this machine`,
    );
    if (args.backlog) say(`backlog: ${args.backlog}`);
    const session = await startDemoSession(
      {
        workers: args.workers,
        agent: args.agent,
        ...(args.backlog !== null && { backlogFile: args.backlog }),
        jobEnv,
        controller: args.controller,
        log: say,
      },
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
    if (watched.finished !== 'all-closed')
      say(`${whyNotDone(watched, timeoutMs)}: ${report.tasks - report.done} task(s) not done`);
    return watched.finished === 'all-closed' && testsPass ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

function whyNotDone(watched: WatchResult, timeoutMs: number): string {
  if (watched.finished === 'ended') return `the run ended (${watched.runEnd?.verdict ?? 'no verdict'})`;
  if (watched.finished === 'timeout') return `the run did not finish within ${timeoutMs / 1000}s`;
  return 'the run stopped making progress';
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
