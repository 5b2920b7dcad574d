import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { parseBacklog } from '../../cli/backlog/parse-backlog.js';

const lines = (...objects: unknown[]) =>
  objects.map((object) => (typeof object === 'string' ? object : JSON.stringify(object))).join('\n');

describe('parseBacklog', () => {
  test('accepts the example backlog and groups it by type', () => {
    const result = parseBacklog(readFileSync('examples/demo-backlog.jsonl', 'utf8'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.backlog.epics.map(({ item }) => item.id)).toEqual(['text', 'cli']);
    expect(result.backlog.stories.map(({ item }) => item.id)).toEqual(['S1']);
    expect(result.backlog.tasks).toHaveLength(14);
  });

  test('normalises priorities, numeric ids and a single blocked_by', () => {
    const result = parseBacklog(
      lines(
        { id: 1, type: 'task', title: 'a', priority: 'high' },
        { id: 'b', type: 'task', title: 'b', blocked_by: 1, priority: 3 },
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.backlog.tasks.map(({ item }) => [item.id, item.priority, item.blocked_by])).toEqual([
      ['1', 'high', []],
      ['b', 3, ['1']],
    ]);
  });

  test('reports every bad line with its number, of five kinds and more', () => {
    const result = parseBacklog(
      lines(
        { id: 'ok', type: 'task', title: 'fine' },
        '{"id": "broken", ',
        { id: 'x', type: 'bug', title: 'unknown type' },
        { id: 'p', type: 'task', title: 'bad priority', priority: 'urgent' },
        { id: 'm', type: 'task' },
        { id: 'ok', type: 'task', title: 'duplicate id' },
        { id: 'r', type: 'task', title: 'dangling', blocked_by: ['nope'], epic_id: 'nope' },
        { id: 's', type: 'task', title: 'not a story', story_id: 'ok' },
        { id: 'u', type: 'task', title: 'typo', prio: 3 },
        { id: 'v', type: 'task', title: 'blocked by an epic', blocked_by: ['e'] },
        { id: 'e', type: 'epic', title: 'an epic' },
      ),
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const text = result.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n');
    expect(text).toContain('2: not valid JSON');
    expect(text).toContain('3: type must be one of epic, story, task');
    expect(text).toContain('4: priority must be an integer 1-10 or one of critical, high, normal, low');
    expect(text).toContain('5: title is required');
    expect(text).toContain('6: id "ok" is already used on line 1');
    expect(text).toContain('7: epic_id "nope" is not the id of an epic line');
    expect(text).toContain('8: story_id "ok" is not the id of a story line');
    expect(text).toContain('9: unknown field "prio"');
    expect(text).toContain('10: blocked_by "e" is an epic; name a story or task');
    // A blocker that is no line's id can still be recorded: a warning, not a problem.
    expect(result.warnings).toEqual([
      {
        line: 7,
        message:
          'blocked_by "nope" is not the id of any line: its issue gets the label "blocked-by:nope", and Drover holds it until that label is fixed or removed',
      },
    ]);
  });

  test('a blocked_by cycle is a warning naming its members and their lines, not a refusal', () => {
    const result = parseBacklog(
      lines(
        { id: 'a', type: 'task', title: 'a', blocked_by: ['c'] },
        { id: 'b', type: 'task', title: 'b', blocked_by: ['a'] },
        { id: 'c', type: 'task', title: 'c', blocked_by: ['b'] },
        { id: 'd', type: 'task', title: 'd', blocked_by: ['a'] },
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.backlog.tasks).toHaveLength(4);
    expect(result.warnings).toEqual([
      {
        line: 1,
        message:
          'blocked_by cycle a → c → b → a (lines 1, 3, 2): created with its links, and Drover runs none of these tasks until a person breaks the cycle',
      },
    ]);
  });

  test('a task blocked by itself is a warning too', () => {
    const result = parseBacklog(lines({ id: 'a', type: 'task', title: 'a', blocked_by: ['a'] }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings.map((warning) => [warning.line, warning.message])).toEqual([
      [
        1,
        '"a" is blocked by itself: its issue gets a blocked-by label naming itself, and Drover holds it until that label is removed',
      ],
    ]);
  });

  test('strict: every warning refuses the file', () => {
    const text = lines(
      { id: 'a', type: 'task', title: 'a', blocked_by: ['b'] },
      { id: 'b', type: 'task', title: 'b', blocked_by: ['a', 'zzz'] },
    );
    const result = parseBacklog(text, { strict: true });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.problems.map((problem) => problem.line)).toEqual([1, 2]);
    expect(result.warnings).toEqual([]);
    expect(parseBacklog(text).ok).toBe(true);
  });

  test('a missing blocker that cannot be kept as a label is a problem', () => {
    const long = 'x'.repeat(40);
    const result = parseBacklog(
      lines(
        { id: 'a', type: 'task', title: 'a', blocked_by: [long] },
        { id: 'b', type: 'task', title: 'b', blocked_by: ['#12'] },
        { id: 'c', type: 'task', title: 'c', blocked_by: ['x'.repeat(39)] },
      ),
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [
        1,
        `blocked_by "${long}" is not the id of any line, and too long to keep as the label "blocked-by:${long}" (GitHub allows 50 characters)`,
      ],
      [
        2,
        'blocked_by "#12" is not the id of any line (an issue already on GitHub is named by a blocked-by:#12 label on the issue, not in the file)',
      ],
    ]);
    expect(result.warnings.map((warning) => warning.line)).toEqual([3]);
  });

  test('a 5,000-line chain in reverse order, and a 5,000-line cycle, are checked without recursion', () => {
    const chain = Array.from({ length: 5000 }, (_, index) => {
      const n = 5000 - index;
      return {
        id: `t${n}`,
        type: 'task',
        title: `task ${n}`,
        ...(n > 1 ? { blocked_by: [`t${n - 1}`] } : {}),
      };
    });
    const result = parseBacklog(lines(...chain));
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
    expect(result.warnings).toEqual([]);

    chain[chain.length - 1] = { id: 't1', type: 'task', title: 'task 1', blocked_by: ['t5000'] };
    const cyclic = parseBacklog(lines(...chain));
    if (!cyclic.ok) throw new Error(JSON.stringify(cyclic.problems.slice(0, 3)));
    expect(cyclic.warnings).toHaveLength(1);
    expect(cyclic.warnings[0]?.message).toMatch(
      /^blocked_by cycle t5000 → t4999 → .* → t1 → t5000 \(lines 1, 2, /,
    );
  });

  test("GitHub's length limits: title 256, body 65,536 with the marker, label name 50, counted in characters", () => {
    const result = parseBacklog(
      lines(
        { id: 'huge', type: 'task', title: 'x'.repeat(300_000) },
        { id: 'max', type: 'task', title: '😀'.repeat(256) },
        { id: 'over', type: 'task', title: 'y'.repeat(257) },
        { id: 'body', type: 'task', title: 'b', description: 'z'.repeat(65_536) },
        { id: 'bodyok', type: 'task', title: 'b', description: 'z'.repeat(65_536 - 40) },
        { id: 'e'.repeat(46), type: 'epic', title: 'too long for a label' },
        { id: 'e'.repeat(45), type: 'epic', title: 'd'.repeat(101) },
      ),
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [1, 'title is 300000 characters; GitHub allows at most 256'],
      [3, 'title is 257 characters; GitHub allows at most 256'],
      [
        4,
        "description is too long: the issue body would be 65569 characters with Drover's import marker; GitHub allows at most 65536",
      ],
      [6, `epic id "${'e'.repeat(46)}" is too long for a label name (at most 45 characters)`],
    ]);
    expect(result.warnings).toEqual([
      {
        line: 7,
        message:
          "epic title is 101 characters; it is kept as the label's description, which GitHub cuts at 100: it is shortened",
      },
    ]);
  });

  test('an id with a control character is refused', () => {
    const result = parseBacklog(lines({ id: 'a\u001b[31m', type: 'task', title: 'a' }));
    expect(result.ok).toBe(false);
  });

  test('refuses an empty file and a task whose epic differs from its story', () => {
    expect(parseBacklog('\n\n')).toEqual({
      ok: false,
      problems: [{ line: 1, message: 'the file holds no backlog lines' }],
      warnings: [],
    });
    const result = parseBacklog(
      lines(
        { id: 'e1', type: 'epic', title: 'one' },
        { id: 'e2', type: 'epic', title: 'two' },
        { id: 's', type: 'story', title: 's', epic_id: 'e1' },
        { id: 't', type: 'task', title: 't', story_id: 's', epic_id: 'e2' },
      ),
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ line: 4, message: 'epic_id "e2" differs from its story\'s epic "e1" (line 3)' }],
      warnings: [],
    });
  });
});
