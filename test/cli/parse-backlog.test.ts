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
      ),
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6, 7, 7, 8, 9]);
    const text = result.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n');
    expect(text).toContain('2: not valid JSON');
    expect(text).toContain('3: type must be one of epic, story, task');
    expect(text).toContain('4: priority must be an integer 1-10 or one of critical, high, normal, low');
    expect(text).toContain('5: title is required');
    expect(text).toContain('6: id "ok" is already used on line 1');
    expect(text).toContain('7: blocked_by "nope" is not the id of any line');
    expect(text).toContain('7: epic_id "nope" is not the id of an epic line');
    expect(text).toContain('8: story_id "ok" is not the id of a story line');
    expect(text).toContain('9: unknown field "prio"');
  });

  test('refuses a blocked_by cycle, naming its members', () => {
    const result = parseBacklog(
      lines(
        { id: 'a', type: 'task', title: 'a', blocked_by: ['c'] },
        { id: 'b', type: 'task', title: 'b', blocked_by: ['a'] },
        { id: 'c', type: 'task', title: 'c', blocked_by: ['b'] },
      ),
    );
    if (result.ok) throw new Error('expected a cycle');
    expect(result.problems).toEqual([{ line: 1, message: 'blocked_by cycle: a → c → b → a' }]);
  });

  test('refuses an empty file and a task whose epic differs from its story', () => {
    expect(parseBacklog('\n\n')).toEqual({
      ok: false,
      problems: [{ line: 1, message: 'the file holds no backlog lines' }],
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
    });
  });
});
