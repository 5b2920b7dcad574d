import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../core/config.js';
import { isPrefixedLabel, readLabels } from '../../core/task-labels.js';

const names = defaultConfig().labels;

describe('readLabels: labels read once, readings each their own', () => {
  it('reads the same labels the same way every time (the parse of a label is kept)', () => {
    const labels = ['drover', 'Priority: High ', 'size:m', 'epic:Auth', 'blocked-by:#4', 'drover:running'];
    const first = readLabels(1, labels, names);
    const second = readLabels(2, labels, names);
    for (const reading of [first, second]) {
      expect(reading).toMatchObject({
        epic: 'Auth',
        priority: 7,
        sizeUnits: 2,
        blockedBy: [4],
        problems: [],
      });
      expect([...reading.stateLabels]).toEqual(['running']);
    }
    // Each reading's lists are its own: the task model appends to them.
    expect(first.blockedBy).not.toBe(second.blockedBy);
    expect(first.problems).not.toBe(second.problems);
  });

  it('still reports bad and conflicting values after their labels were read once', () => {
    for (let round = 0; round < 2; round++) {
      const reading = readLabels(3, ['priority:11', 'size:XXL', 'blocked-by:4'], names);
      expect(reading.problems.map((problem) => problem.kind)).toEqual([
        'bad-blocked-by',
        'bad-priority',
        'bad-size',
      ]);
      expect(reading.priority).toBe(5);
      expect(reading.sizeUnits).toBeNull();
      const conflicting = readLabels(3, ['priority:high', 'priority:low', 'size:S', 'size:L'], names);
      expect(conflicting.problems.map((problem) => problem.kind)).toEqual([
        'multiple-priorities',
        'bad-size',
      ]);
    }
  });

  it('tells prefixed labels from others, whatever their case and spacing', () => {
    expect(['EPIC:x', ' size:S', 'blocked-by:#1', 'priority:'].map(isPrefixedLabel)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['drover:running', 'bug', 'sizes:S', 'size'].map(isPrefixedLabel)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('does not take inherited names as sizes or priorities', () => {
    const reading = readLabels(5, ['size:constructor', 'priority:toString'], names);
    expect(reading.problems.map((problem) => problem.kind)).toEqual(['bad-priority', 'bad-size']);
  });
});
