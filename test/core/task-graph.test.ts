import { describe, expect, it } from '@jest/globals';
import { analyseDag, longestChain, type DagAnalysis, type GraphNode } from '../../core/task-graph.js';

const node = (id: number, after: number[] = [], estimate = 1): GraphNode => ({ id, estimate, after });

/** b-levels of the nodes off the cycles, by task number. */
function lengthsOffCycles({ dag, order, bLevel }: DagAnalysis): Record<number, number> {
  return Object.fromEntries([...order].map((index) => [dag.ids[index], bLevel[index]]));
}

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
    expect(lengthsOffCycles(dag)).toEqual(lengths);
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
    expect(lengthsOffCycles(dag)).toEqual({ 3: 3, 4: 1, 5: 4 });
    // A node on a cycle ranks by its own estimate.
    expect(dag.bLevel[dag.dag.indexOf.get(1)!]).toBe(1);
    expect([...dag.order].map((index) => dag.dag.ids[index])).toEqual([3, 5, 4]);
  });

  it('puts every node off the cycles in topological order, blockers first', () => {
    const dag = analyseDag([node(4, [2, 3]), node(3, [1]), node(2, [1]), node(1), node(5, [4])]);
    const position = new Map([...dag.order].map((index, at) => [dag.dag.ids[index], at]));
    for (const [id, after] of [
      [4, [2, 3]],
      [3, [1]],
      [2, [1]],
      [5, [4]],
    ] as const)
      for (const blocker of after) expect(position.get(blocker)!).toBeLessThan(position.get(id)!);
  });

  it('merges duplicate links and ignores self-links', () => {
    const dag = analyseDag([node(1), node(2, [1, 1, 2])]);
    expect([...dag.dag.predecessors]).toEqual([0]);
    expect([...dag.dag.successors]).toEqual([1]);
    expect(dag.cycles).toEqual([]);
  });

  it('handles a long chain without deep recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, index) => node(index + 1, index === 0 ? [] : [index]));
    chain[0] = node(1, [20_000]);
    const dag = analyseDag(chain);
    expect(dag.cycles).toHaveLength(1);
    expect(dag.cycles[0]).toHaveLength(20_000);
  });
});

describe('longestChain', () => {
  // 1 → 2 → 4 and 1 → 3 → 4, with 3 heavier than 2.
  const dag = analyseDag([node(1), node(2, [1], 1), node(3, [1], 3), node(4, [2, 3])]);

  it('follows the heaviest branch by the given weights', () => {
    const chain = longestChain(dag.dag, dag.order, dag.dag.estimate, null);
    expect(chain.path).toEqual([1, 3, 4]);
    expect(chain.length).toBe(5);
  });

  it('keeps to the included nodes, and is empty when none is', () => {
    const include = new Uint8Array(4);
    for (const id of [1, 2, 4]) include[dag.dag.indexOf.get(id)!] = 1;
    expect(longestChain(dag.dag, dag.order, dag.dag.estimate, include).path).toEqual([1, 2, 4]);
    const none = longestChain(dag.dag, dag.order, dag.dag.estimate, new Uint8Array(4));
    expect(none).toEqual(expect.objectContaining({ path: [], length: 0 }));
  });

  it('breaks ties by the smaller task number', () => {
    const even = analyseDag([node(7), node(5), node(6, [5]), node(8, [7])]);
    expect(longestChain(even.dag, even.order, even.dag.estimate, null).path).toEqual([5, 6]);
  });
});
