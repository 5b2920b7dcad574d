/**
 * The app's answer to a `/drover spec` carries text the agent wrote (titles, ids, problems): it
 * must not format, mention or break out of its block, whatever that text holds.
 */
import { describe, expect, it } from '@jest/globals';
import { specReply } from '../../app/spec/spec-reply.js';
import { defaultConfig } from '../../core/config.js';
import type { SpecResult } from '../../core/spec-attempt.js';

const request = { issue: 3, paths: ['docs/design`x`.md'], by: 'alice', at: '2026-11-01T10:00:00Z' };
const base: SpecResult = {
  status: 'success',
  reason: null,
  backlog: null,
  warnings: [],
  problems: [],
  agent: 'claude',
  costUsd: 1.5,
  durationMs: 125_000,
};

/** The lines outside fenced blocks (what GitHub renders as Markdown). */
function outsideFences(text: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^(`{3,})/.exec(line);
    if (fence === null && match) fence = match[1] as string;
    else if (fence !== null && line.startsWith(fence) && line.trim() === fence) fence = null;
    else if (fence === null) lines.push(line);
  }
  expect(fence).toBeNull();
  return lines;
}

describe('the answer to /drover spec', () => {
  it('keeps titles that hold fences, mentions and HTML inside its text blocks, one line each', () => {
    const title = 'Ship ````\n@everyone <img src=x onerror=alert(1)> \u202Eevil';
    const backlog = [
      JSON.stringify({ id: 'E`1', type: 'epic', title: 'Core' }),
      JSON.stringify({ id: 'T1', type: 'task', epic_id: 'E`1', title }),
      JSON.stringify({ id: 'T2', type: 'task', epic_id: 'E`1', title: 'Next', blocked_by: ['T1'] }),
    ].join('\n');
    const text = specReply({
      request,
      result: { ...base, backlog, warnings: ['backlog.jsonl:2: ````` @someone'] },
      imported: { numbers: { T1: 11, T2: 12 }, issuesCreated: 2, issuesExisting: 0, warnings: [] },
      config: defaultConfig(),
      repo: 'acme/shop',
      now: new Date('2026-11-01T10:00:00Z'),
      runActive: false,
    });
    const rendered = outsideFences(text).join('\n');
    expect(rendered).not.toMatch(/@everyone|@someone|<img|\u202E/);
    expect(rendered).toContain(
      '@alice the backlog from `docs/designx.md` is imported (agent claude, 2 min, $1.50)',
    );
    expect(text).toContain('Critical path: #11 → #12');
    expect(text).not.toContain('\u202E');
  });

  it('answers a failure with its reason and problems, quoted the same way', () => {
    const text = specReply({
      request,
      result: {
        ...base,
        status: 'failed',
        reason: 'the backlog still had 1 problem(s) @mallory',
        problems: ['backlog.jsonl:1: id "```" @mallory'],
      },
      imported: null,
      config: defaultConfig(),
      repo: 'acme/shop',
      now: new Date(),
      runActive: false,
    });
    expect(text).toContain('gave no backlog Drover could import');
    expect(outsideFences(text).join('\n')).not.toContain('```"');
    expect(outsideFences(text).join('\n')).not.toMatch(/@mallory/);
    expect(text).toContain('Nothing was created.');
  });
});
