import { describe, expect, it } from '@jest/globals';
import { NodeHeap } from '../../core/node-heap.js';

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('NodeHeap', () => {
  it('pops nodes by key, then by index, under any mix of pushes and pops', () => {
    const next = random(7);
    const size = 500;
    // Few distinct keys: most comparisons are ties, decided by the index.
    const key = Float64Array.from({ length: size }, () => Math.floor(next() * 8) / 2);
    const heap = new NodeHeap(key, size);
    const held = new Set<number>();
    const popped: number[] = [];
    const nodes = Array.from({ length: size }, (_, node) => node).sort(() => next() - 0.5);
    for (const node of nodes) {
      heap.push(node);
      held.add(node);
      if (next() < 0.4) {
        const first = heap.pop();
        const expected = [...held].sort((a, b) => key[a]! - key[b]! || a - b)[0];
        expect(first).toBe(expected);
        held.delete(first);
        popped.push(first);
      }
    }
    expect(heap.size).toBe(held.size);
    expect(heap.toArray().sort((a, b) => a - b)).toEqual([...held].sort((a, b) => a - b));
    const rest: number[] = [];
    while (heap.peek() >= 0) rest.push(heap.pop());
    expect(rest).toEqual([...held].sort((a, b) => key[a]! - key[b]! || a - b));
    expect(popped.length + rest.length).toBe(size);
  });

  it('is empty at first and after its last node: peek and pop give -1', () => {
    const heap = new NodeHeap(Float64Array.from([3, 1]), 2);
    expect([heap.peek(), heap.pop(), heap.size]).toEqual([-1, -1, 0]);
    heap.push(0);
    heap.push(1);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 0, -1]);
  });
});
