/**
 * A `/drover` command is claimed with a reaction; GitHub delivers its webhook once, so a 5xx on
 * the claim must not lose the command (the chaos benchmark's "10% faults": the run never started).
 */
import { describe, expect, jest, test } from '@jest/globals';
import { handleCommand, type HandleCommandInput } from '../../../app/commands/handle-command.js';
import { RepoSession } from '../../../app/reconcile/repo-session.js';
import { GitHubError } from '../../../core/gateway/github-error.js';
import type { RepoGateway } from '../../../core/gateway/index.js';
import type { ControlRecord } from '../../../core/control-record.js';
import { planReconcile } from '../../../core/plan/plan-reconcile.js';
import { statusRenderers } from '../../../app/status/status-comment.js';
import { aRun, aState } from '../../support/repo-state.js';

const fault = (status: number) =>
  new GitHubError({
    kind: status >= 500 ? 'server' : 'forbidden',
    status,
    request: 'POST /repos/o/r/issues/comments/7/reactions',
    detail: 'Server Error',
    performed: status >= 500 ? 'unknown' : 'no',
  });

function input(answers: Array<'created' | 'exists' | GitHubError>) {
  const react = jest.fn(async () => {
    const answer = answers.shift();
    if (answer instanceof GitHubError) throw answer;
    return answer ?? 'exists';
  });
  // The command goes on past its claim to look at the repository: that is all this test needs.
  const look = jest.fn(async (): Promise<never> => {
    throw new Error('looked');
  });
  const command: HandleCommandInput = {
    gateway: { comments: { react } } as unknown as RepoGateway,
    session: new RepoSession('o/r'),
    issue: 1,
    comment: { id: 7, body: '/drover run', author: 'owner', authorType: 'User', viaAppId: null },
    ownAppId: 1,
    now: new Date('2026-01-01T00:00:00Z'),
    look,
  };
  return { command, react, look };
}

describe('claiming a command', () => {
  test('a claim that exists on the first answer: done already, nothing more', async () => {
    const { command, look } = input(['exists']);
    await expect(handleCommand(command)).resolves.toEqual({ handled: true, reconcile: false });
    expect(look).not.toHaveBeenCalled();
  });

  test.each([['created'], ['exists']] as const)(
    'a 502 on the claim is tried again, and the command goes on (retry answers %s)',
    async (retry) => {
      const { command, react, look } = input([fault(502), retry]);
      await expect(handleCommand(command)).rejects.toThrow('looked');
      expect(react).toHaveBeenCalledTimes(2);
      expect(look).toHaveBeenCalledTimes(1);
    },
  );

  test('a claim that keeps failing fails the delivery, bounded', async () => {
    const { command, react, look } = input([fault(500), fault(502), fault(503), 'created']);
    await expect(handleCommand(command)).rejects.toThrow('503');
    expect(react).toHaveBeenCalledTimes(3);
    expect(look).not.toHaveBeenCalled();
  });

  test('a refusal is not a fault: not tried again', async () => {
    const { command, react } = input([fault(403), 'created']);
    await expect(handleCommand(command)).rejects.toThrow('403');
    expect(react).toHaveBeenCalledTimes(1);
  });
});

describe('taking up a command whose controller died before answering it', () => {
  function recovering(control: Partial<ControlRecord>, body = '/drover pause') {
    const react = jest.fn(async () => 'exists' as const);
    const create = jest.fn(async (_issue: number, text: string) => ({
      id: 1,
      body: text,
      url: '',
      updatedAt: '',
    }));
    const state = aState({ control, run: aRun({ id: 'run-3' }) });
    const gateway = {
      comments: { react, create },
      repository: { permission: async () => 'admin' },
    } as unknown as RepoGateway;
    const command: HandleCommandInput = {
      gateway,
      session: new RepoSession('o/r'),
      issue: 1,
      comment: { id: 7, body, author: 'owner', authorType: 'User', viaAppId: null },
      ownAppId: 1,
      now: new Date('2026-01-01T00:00:00Z'),
      look: async () => ({
        state,
        plan: planReconcile(state, new Date('2026-01-01T00:00:00Z'), statusRenderers),
      }),
      recover: true,
    };
    return { command, react, create };
  }

  test('its change is in the record already: only the answer is written, nothing applied again', async () => {
    const { command, react, create } = recovering({ commands: [7] });
    await expect(handleCommand(command)).resolves.toEqual({ handled: true, reconcile: true });
    expect(react).not.toHaveBeenCalled();
    expect(create).toHaveBeenCalledTimes(1);
    const [issue, body] = create.mock.calls[0] as [number, string];
    expect(issue).toBe(1);
    expect(body).toContain('`/drover pause` was carried out');
    expect(body).toContain('<!-- drover:reply-7 -->');
  });

  test('not in the record: carried out, without claiming the comment again', async () => {
    const { command, react, create } = recovering({}, '/drover help');
    await expect(handleCommand(command)).resolves.toEqual({ handled: true, reconcile: false });
    expect(react).not.toHaveBeenCalled();
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]?.[1]).toContain('Drover commands');
  });
});
