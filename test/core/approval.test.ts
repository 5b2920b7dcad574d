import { describe, expect, it } from '@jest/globals';
import {
  approvedTextHash,
  judgeApproval,
  type ApprovalEvent,
  type ApprovalFacts,
} from '../../core/approval.js';

const rules = {
  taskLabel: 'drover',
  steeringPrefixes: ['blocked-by:', 'epic:'],
  minimum: 'write',
  trusted: (login: string) => login === 'maya',
};
const text = [{ number: 1, title: 'Task', body: 'Do it.' }];
const labelled = (actor: string | null, at = '2026-01-01T00:00:00Z'): ApprovalEvent => ({
  kind: 'labeled',
  issue: 1,
  actor,
  at,
  label: 'Drover',
});
const facts = (events: ApprovalEvent[], truncated = false): ApprovalFacts => ({
  task: 1,
  text,
  events,
  truncated,
});
const later = '2026-01-01T00:05:00Z';

describe('judgeApproval', () => {
  it('approves the label applied by a trusted person, with the text hash', () => {
    expect(judgeApproval(facts([labelled('maya')]), rules, undefined)).toEqual({
      approved: true,
      by: 'maya',
      at: '2026-01-01T00:00:00Z',
      textHash: approvedTextHash(text),
    });
  });

  it.each([['tina'], [null]])('does not approve the label applied by %s', (actor) => {
    const result = judgeApproval(facts([labelled(actor)]), rules, undefined);
    expect(result.approved).toBe(false);
  });

  it('uses the last application of the label: a re-application by an untrusted person is not approval', () => {
    const result = judgeApproval(facts([labelled('maya'), labelled('tina', later)]), rules, undefined);
    expect(result.approved).toBe(false);
  });

  it.each<[ApprovalEvent['kind'], string]>([
    ['edited', ''],
    ['renamed', ''],
    ['sub-issue-added', ''],
    ['blocked-by-added', ''],
    ['labeled', 'blocked-by:#9'],
    ['labeled', 'epic:auth'],
  ])('an untrusted %s %s after approval (or in the same second) waits for approval', (kind, label) => {
    for (const at of [later, '2026-01-01T00:00:00Z']) {
      const event: ApprovalEvent = { kind, issue: 2, actor: 'tina', at, ...(label !== '' && { label }) };
      const result = judgeApproval(facts([labelled('maya'), event]), rules, undefined);
      expect(result).toMatchObject({ approved: false });
      if (!result.approved) expect(result.reason).toContain('@tina');
    }
  });

  it('accepts changes before approval, by trusted people after it, and other labels', () => {
    const events: ApprovalEvent[] = [
      { kind: 'edited', issue: 1, actor: 'tina', at: '2025-12-31T00:00:00Z' },
      labelled('maya'),
      { kind: 'edited', issue: 1, actor: 'maya', at: later },
      { kind: 'labeled', issue: 1, actor: 'tina', at: later, label: 'bug' },
    ];
    expect(judgeApproval(facts(events), rules, undefined).approved).toBe(true);
  });

  it('/drover approve approves what came before it, and not what comes after', () => {
    const edit: ApprovalEvent = { kind: 'edited', issue: 1, actor: 'tina', at: later };
    const before = { by: 'maya', at: '2026-01-01T00:01:00.000Z' };
    const after = { by: 'maya', at: '2026-01-01T00:06:00.000Z' };
    expect(judgeApproval(facts([labelled('tina'), edit]), rules, before).approved).toBe(false);
    expect(judgeApproval(facts([labelled('tina'), edit]), rules, after).approved).toBe(true);
  });

  it('does not approve a history it could not read whole', () => {
    expect(judgeApproval(facts([labelled('maya')], true), rules, undefined).approved).toBe(false);
  });

  it('hashes title and body of every item, in number order, line endings normalised', () => {
    const a = approvedTextHash([
      { number: 2, title: 'B', body: 'x\r\ny' },
      { number: 1, title: 'A', body: '' },
    ]);
    expect(a).toBe(
      approvedTextHash([
        { number: 1, title: 'A', body: '' },
        { number: 2, title: 'B', body: 'x\ny' },
      ]),
    );
    expect(a).not.toBe(approvedTextHash([{ number: 1, title: 'A', body: '' }]));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
