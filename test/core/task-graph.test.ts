import { describe, expect, it } from '@jest/globals';
import { analyseDag, type GraphNode } from '../../core/task-graph.js';

const node = (id: number, after: number[] = [], estimate = 1): GraphNode => ({ id, estimate, after });

describe('analyseDag', () => {
  it.each<[string, GraphNode[], Record<number, number>, number[]]>([
    ['a chain', [node(1, [], 2), node(2, [1], 3), node(3, [2], 1)], { 1: 6, 2: 4, 3: 1 }, [1, 2, 3]],
    [
      'a diamond takes the heavier branch',
      [node(1), node(2, [1], 5), node(3, [1], 2), node(4, [2, 3])],
      { 1: 7, 2: 6, 3: 3, 4: 1 },
      [1, 2, 4],
    ],
    ['independent tasks', [node(1, [], 2), node(2, [], 3)], { 1: 2, 2: 3 }, [2]],
    ['links to unknown nodes are ignored', [node(1, [99]), node(2, [1])], { 1: 2, 2: 1 }, [1, 2]],
    ['nothing', [], {}, []],
  ])('%s: critical lengths and path', (_name, nodes, lengths, path) => {
    const dag = analyseDag(nodes);
    expect(Object.fromEntries(dag.criticalLength)).toEqual(lengths);
    expect(dag.criticalPath).toEqual(path);
    expect(dag.cycles).toEqual([]);
  });

  it.each<[string, GraphNode[], number[][]]>([
    ['a two-cycle', [node(1, [2]), node(2, [1])], [[1, 2]]],
    [
      'a three-cycle, in cycle order from its smallest member',
      [node(7, [5]), node(5, [6]), node(6, [7])],
      [[5, 7, 6]],
    ],
    [
      'two separate cycles',
      [node(1, [2]), node(2, [1]), node(3, [4]), node(4, [3]), node(5, [1])],
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      'a figure eight: each member named',
      [node(1, [3]), node(2, [1]), node(3, [2, 4]), node(4, [3])],
      [
        [1, 2, 3],
        [3, 4],
      ],
    ],
  ])('%s', (_name, nodes, cycles) => {
    const dag = analyseDag(nodes);
    expect(dag.cycles).toEqual(cycles);
    expect([...dag.onCycle].sort()).toEqual([...new Set(cycles.flat())].sort());
  });

  it('computes lengths for the nodes off the cycles, downstream ones included', () => {
    const dag = analyseDag([node(1, [2]), node(2, [1]), node(3, [1], 2), node(4, [3]), node(5, [], 4)]);
    expect(Object.fromEntries(dag.criticalLength)).toEqual({ 3: 3, 4: 1, 5: 4 });
  });

  it('handles a long chain without deep recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, index) => node(index + 1, index === 0 ? [] : [index]));
    chain[0] = node(1, [20_000]);
    const dag = analyseDag(chain);
    expect(dag.cycles).toHaveLength(1);
    expect(dag.cycles[0]).toHaveLength(20_000);
  });
});
