/**
 * A binary min-heap of node indices by a numeric key per node, then by index: the list
 * scheduler's ready set (keyed by rank) and its event queues (keyed by time). Nodes live in one
 * typed array and the order is read from the key array directly, with no comparator function:
 * a general heap (mnemonist's, which the scheduler used before) calls a closure per comparison,
 * and three heaps with three closures keep the engine from inlining any of them.
 */
export class NodeHeap {
  private readonly nodes: Int32Array;
  size = 0;

  /**
   * `key`: a Float64Array for every heap (ranks too), so that reading it is one kind of access
   * wherever the heap is used. `capacity`: the most nodes it will ever hold at once.
   */
  constructor(
    private readonly key: Float64Array,
    capacity: number,
  ) {
    this.nodes = new Int32Array(Math.max(1, capacity));
  }

  /** The first node, or -1 when empty. */
  peek(): number {
    return this.size === 0 ? -1 : this.nodes[0]!;
  }

  push(node: number): void {
    const nodes = this.nodes;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = nodes[parent]!;
      if (!this.before(node, above)) break;
      nodes[at] = above;
      at = parent;
    }
    nodes[at] = node;
  }

  /** Removes and returns the first node, or -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const nodes = this.nodes;
    const first = nodes[0]!;
    const last = nodes[--this.size]!;
    const size = this.size;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(nodes[child + 1]!, nodes[child]!)) child++;
      if (!this.before(nodes[child]!, last)) break;
      nodes[at] = nodes[child]!;
      at = child;
    }
    if (size > 0) nodes[at] = last;
    return first;
  }

  /** The nodes held, in no particular order. */
  toArray(): number[] {
    return Array.from(this.nodes.subarray(0, this.size));
  }

  private before(a: number, b: number): boolean {
    const difference = this.key[a]! - this.key[b]!;
    return difference < 0 || (difference === 0 && a < b);
  }
}
