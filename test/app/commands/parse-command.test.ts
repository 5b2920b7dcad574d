import { describe, expect, it } from '@jest/globals';
import { isCommandError, parseCommand } from '../../../app/commands/parse-command.js';

describe('parseCommand: valid commands', () => {
  it.each([
    ['/drover run', { kind: 'run', epic: null, workers: null, budgetUsd: null }],
    ['/drover run auth', { kind: 'run', epic: 'auth', workers: null, budgetUsd: null }],
    ['/drover run epic-auth --workers 4', { kind: 'run', epic: 'epic-auth', workers: 4, budgetUsd: null }],
    [
      '/drover run --workers=2 --budget $12.50 auth',
      { kind: 'run', epic: 'auth', workers: 2, budgetUsd: 12.5 },
    ],
    ['/drover run --budget 30', { kind: 'run', epic: null, workers: null, budgetUsd: 30 }],
    ['/drover status', { kind: 'status' }],
    ['/drover plan', { kind: 'plan' }],
    ['/drover pause', { kind: 'pause' }],
    ['/drover resume', { kind: 'resume' }],
    ['/drover cancel', { kind: 'cancel' }],
    ['/drover help', { kind: 'help' }],
    ['/Drover STATUS', { kind: 'status' }],
    ['/drover retry #12', { kind: 'retry', task: 12 }],
    ['/drover retry 12', { kind: 'retry', task: 12 }],
    ['/drover reset #3 #4, #3', { kind: 'reset', target: { kind: 'tasks', tasks: [3, 4] } }],
    ['/drover reset --failed', { kind: 'reset', target: { kind: 'failed' } }],
  ])('%s', (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it('finds the command on a later line and ignores the prose around it', () => {
    expect(parseCommand('Looks ready.\n\n/drover run auth\nthanks!')).toEqual({
      kind: 'run',
      epic: 'auth',
      workers: null,
      budgetUsd: null,
    });
  });

  it('accepts Windows line endings and up to three spaces of indentation', () => {
    expect(parseCommand('hi\r\n\r\n   /drover pause\r\n')).toEqual({ kind: 'pause' });
  });

  it('counts a command after a closed HTML element or a code block', () => {
    expect(parseCommand('<details>\n\nnotes\n\n</details>\n\n/drover status')).toEqual({ kind: 'status' });
    expect(parseCommand('```sh\n/drover run\n```\n\n/drover plan')).toEqual({ kind: 'plan' });
    expect(parseCommand('/drover status <!-- hidden -->')).toEqual({ kind: 'status' });
  });
});

describe('parseCommand: not a command', () => {
  it.each([
    ['plain text', 'great work on this'],
    ['mid-line mention', 'please /drover run this'],
    ['inline code', 'type `/drover run` to start'],
    ['quoted line', '> /drover run\nI think we should wait'],
    ['nested quote', '> > /drover cancel'],
    ['fenced code block', '```\n/drover run\n```'],
    ['tilde fence with info string', '~~~sh\n/drover cancel\n~~~'],
    ['unclosed fence', 'see:\n```\n/drover run'],
    ['indented code block', '    /drover run'],
    ['HTML comment (hidden text)', '<!--\n/drover run\n-->'],
    ['longer word', '/droverize everything'],
    ['second line of a paragraph', 'hi\n/drover pause'],
    ['lazy quote continuation', '> I would say\n/drover run'],
    ['lazy continuation of a nested quote', '> > quoted\n/drover cancel'],
    ['bullet list item', '- /drover run'],
    ['star list item', '* /drover run'],
    ['ordered list item', '1. /drover run'],
    ['list item continuation', '- item\n\n  /drover run'],
    ['fence with an info string', '```sh\n/drover run\n```'],
    ['fence with attributes', '~~~ {.bash title="x"}\n/drover run\n~~~'],
    ['longer fence', '````\n```\n/drover run\n````'],
    ['tab-indented code', '\t/drover run'],
    ['inside <details>', '<details>\n\n/drover run\n\n</details>'],
    ['inside <details> with a summary', '<details><summary>old</summary>\n\n/drover cancel\n\n</details>'],
    ['inside an unclosed <details>', '<details>\n\n/drover run'],
    ['inside a <div> block', '<div>\n/drover run\n</div>'],
    ['after an unclosed nested element', '<div><p>\n\n</p>\n\n/drover run'],
    ['inline HTML first', '<b>/drover run</b>'],
    ['emphasis', '*/drover run*'],
    ['escaped slash', '\\/drover run'],
    ['setext heading', '/drover run\n==='],
    ['ATX heading', '# /drover run'],
    ['table header', '/drover run | x\n---|---'],
    ['footnote definition', '[^1]: /drover run\n\nText[^1]'],
    ['link reference definition', '[x]: /drover "run"'],
    ['unterminated HTML comment', 'ok\n\n<!--\n\n/drover run'],
  ])('%s', (_name, body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it("reads hostile bodies of GitHub's largest size without failing (nesting past the limit drops the command)", () => {
    const command = '\n\n/drover status';
    for (const prefix of [
      '['.repeat(60_000),
      '[a](b)'.repeat(10_000),
      '>'.repeat(60_000) + ' x',
      `a|b\n-|-\n${'x|y\n'.repeat(15_000)}`,
    ])
      expect(parseCommand(prefix + command)).toEqual({ kind: 'status' });
    const deepLists = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n');
    expect(parseCommand(deepLists + command)).toBeNull();
    expect(parseCommand('<div>'.repeat(10_000) + command)).toBeNull();
  });

  it('a fence closes only with the same character, so a ~~~ inside ``` keeps the block open', () => {
    expect(parseCommand('```\n~~~\n/drover run\n```')).toBeNull();
    expect(parseCommand('```\n/drover run\n```\n/drover status')).toEqual({ kind: 'status' });
  });
});

describe('parseCommand: malformed commands give a usage message', () => {
  it.each([
    ['/drover', 'missing'],
    ['/drover deploy', '"deploy" is not a Drover command'],
    ['/drover run --workers', '--workers needs a number'],
    ['/drover run --workers 0', 'from 1 to 64'],
    ['/drover run --workers 65', 'from 1 to 64'],
    ['/drover run --workers two', 'from 1 to 64'],
    ['/drover run --budget -5', 'positive amount'],
    ['/drover run --budget', 'needs an amount'],
    ['/drover run --fast', 'Unknown option "--fast"'],
    ['/drover run auth billing', 'one epic at most'],
    ['/drover status now', 'takes no arguments'],
    ['/drover retry', 'exactly one issue'],
    ['/drover retry #1 #2', 'exactly one issue'],
    ['/drover retry abc', '"abc" is not an issue number'],
    ['/drover retry #0', 'not an issue number'],
    ['/drover reset', 'or --failed'],
    ['/drover reset #1 --failed', 'not both'],
    ['/drover reset x', '"x" is not an issue number'],
    ['/drover revise', 'needs what to change'],
    ['/drover cleanup 7', 'not an age'],
    ['/drover cleanup 0d', 'not an age'],
    ['/drover cleanup 7d 1h', 'one age at most'],
  ])('%s', (body, fragment) => {
    const result = parseCommand(body);
    expect(result).not.toBeNull();
    if (result === null || !isCommandError(result)) throw new Error(`expected an error for ${body}`);
    expect(result.message).toContain(fragment);
    expect(result.usage).toContain('/drover run [epic-x|x]');
  });
});

describe('parseCommand: revise and cleanup', () => {
  it('takes the text after /drover revise', () => {
    expect(parseCommand('/drover revise use tabs, not spaces')).toEqual({
      kind: 'revise',
      text: 'use tabs, not spaces',
    });
  });

  it('takes an age for cleanup, a week by default', () => {
    expect(parseCommand('/drover cleanup')).toEqual({ kind: 'cleanup', olderThanMs: 7 * 86_400_000 });
    expect(parseCommand('/drover cleanup 12h')).toEqual({ kind: 'cleanup', olderThanMs: 12 * 3_600_000 });
    expect(parseCommand('/drover cleanup 30m')).toEqual({ kind: 'cleanup', olderThanMs: 30 * 60_000 });
    expect(parseCommand('/drover cleanup 2W')).toEqual({ kind: 'cleanup', olderThanMs: 2 * 604_800_000 });
  });

  it('a quoted revise is not a command', () => {
    expect(parseCommand('> /drover revise drop the tests')).toBeNull();
    expect(parseCommand('```\n/drover revise drop the tests\n```')).toBeNull();
  });
});
