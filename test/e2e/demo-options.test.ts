/**
 * The demo's options: another backlog run by a command agent of the user's, end to end (the
 * real app, the simulator's runner, the real action), and the watch stopping as soon as the
 * app says the run has ended. The option parsing names each bad value with its option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseDemoArgs } from '../../demo/demo-args.js';
import { startDemoSession, type DemoSession } from '../../demo/demo-session.js';
import { runAndWatch } from '../../demo/watch-run.js';

/** Generous: the machine running the suite may be busy. */
const TIMEOUT_MS = 180_000;

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'drover-demo-options-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function writeBacklog(name: string, lines: object[]): string {
  const file = join(scratch, name);
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  return file;
}

describe('demo options', () => {
  test('each bad value is refused with its option', () => {
    expect(() => parseDemoArgs(['--agent', 'command'])).toThrow(
      '--agent command needs --agent-command CMD (the shell command the agent runs)',
    );
    expect(() => parseDemoArgs(['--agent-command', 'true'])).toThrow(
      '--agent-command is for --agent command; add --agent command',
    );
    expect(() => parseDemoArgs(['--agent', 'gpt'])).toThrow(
      '--agent "gpt" is not one of claude, codex, amp, opencode, command',
    );
    expect(() => parseDemoArgs(['--backlog', join(scratch, 'none.jsonl')])).toThrow(
      `--backlog ${join(scratch, 'none.jsonl')}: no such file`,
    );
    expect(() => parseDemoArgs(['--backlog', scratch])).toThrow(`--backlog ${scratch}: not a file`);
    expect(parseDemoArgs(['--help'])).toBe('help');
  });

  test('--backlog and --agent command --agent-command are taken as given', () => {
    const file = writeBacklog('given.jsonl', [{ id: 'a', type: 'task', title: 'a' }]);
    expect(parseDemoArgs(['--backlog', file, '--agent', 'command', '--agent-command', 'node x.mjs'])).toEqual(
      {
        workers: 4,
        agent: { kind: 'command', command: 'node x.mjs' },
        backlog: file,
        statusOut: null,
        timeoutSeconds: 1800,
        controller: 'app',
      },
    );
  });
});

describe('another backlog, run by a command agent', () => {
  let session: DemoSession;

  afterAll(async () => {
    await session?.close();
  });

  test(
    "its task is done, with the agent's own change merged",
    async () => {
      const agent = join(scratch, 'note-agent.mjs');
      writeFileSync(
        agent,
        [
          "import { mkdirSync, writeFileSync } from 'node:fs';",
          "mkdirSync('notes', { recursive: true });",
          'writeFileSync(`notes/issue-${process.env.DROVER_ISSUE}.md`, `noted on attempt ${process.env.DROVER_ATTEMPT}\\n`);',
        ].join('\n'),
      );
      // Another backlog: one task (the dependency order of a run is the demo scenario's business).
      const backlog = writeBacklog('notes.jsonl', [{ id: 'note', type: 'task', title: 'Write a note' }]);
      session = await startDemoSession({
        workers: 1,
        backlogFile: backlog,
        agent: { kind: 'command', command: `node ${agent}` },
      });
      const watched = await runAndWatch(session, { workers: 1, timeoutMs: TIMEOUT_MS });
      expect(watched.finished).toBe('all-closed');
      const { maintainer, repo, numbers } = session;
      const { data } = await maintainer.rest.repos.getContent({
        ...repo,
        path: `notes/issue-${numbers.note}.md`,
      });
      expect('content' in data && Buffer.from(data.content, 'base64').toString('utf8')).toBe(
        'noted on attempt 1\n',
      );
      expect(watched.mergeOrder).toEqual([numbers.note]);
    },
    TIMEOUT_MS + 60_000,
  );
});

describe('the watch stops when the app says the run has ended', () => {
  let session: DemoSession;

  afterAll(async () => {
    await session?.close();
  });

  test(
    'a cancelled run ends the watch at once, with the verdict',
    async () => {
      // An agent that works until told to stop: the run is cancelled while it runs.
      const agent = join(scratch, 'slow-agent.mjs');
      writeFileSync(agent, 'setTimeout(() => {}, 600_000);\n');
      const backlog = writeBacklog('slow.jsonl', [{ id: 'slow', type: 'task', title: 'Take forever' }]);
      session = await startDemoSession({
        workers: 1,
        backlogFile: backlog,
        agent: { kind: 'command', command: `node ${agent}` },
      });
      let cancelling: Promise<void> | null = null;
      const cancel = async () => {
        const { maintainer, repo } = session;
        const { data: issues } = await maintainer.rest.issues.listForRepo({ ...repo, state: 'open' });
        const host = issues.find((issue) => issue.title === 'Drive the backlog');
        if (!host) throw new Error('no issue the run was started from');
        await maintainer.rest.issues.createComment({
          ...repo,
          issue_number: host.number,
          body: '/drover cancel',
        });
      };
      const watching = runAndWatch(session, {
        workers: 1,
        timeoutMs: TIMEOUT_MS,
        onEvent: (event) => {
          if (cancelling === null && event.includes('attempt 1 running')) cancelling = cancel();
        },
      });
      const watched = await watching;
      await cancelling;
      expect(watched.finished).toBe('ended');
      expect(watched.runEnd?.verdict).toBe('cancelled');
    },
    TIMEOUT_MS + 60_000,
  );
});
