/**
 * The dependency graph of the dispatch units, integer-indexed: node i is the unit `ids[i]`, and
 * edges (blocker → dependent) are kept as compressed sparse rows, both ways. Everything the
 * planner does on every plan walks this graph (cycle detection, critical paths, the forecast),
 * so it is built once per analysis in O(n + e) with typed arrays: no string keys, no per-edge
 * objects. (A graphology graph is built only for the few nodes on cycles: see task-graph.ts.)
 */
import { NumberMap } from './number-map.js';

export interface GraphNode {
  id: number;
  estimate: number;
  /** Nodes that must finish first; ids that are not nodes of the graph are ignored. */
  after: readonly number[];
}

export interface UnitDag {
  size: number;
  /** The id (unit number) of each node, in the order the nodes were given. */
  ids: readonly number[];
  /** Node index of an id. */
  indexOf: NumberMap<number>;
  estimate: Float64Array;
  /** Successors of node i: `successors[successorStart[i] .. successorStart[i + 1])`. */
  successorStart: Int32Array;
  successors: Int32Array;
  /** Predecessors of node i, the same way. */
  predecessorStart: Int32Array;
  predecessors: Int32Array;
}

/**
 * `nodeOf` gives the node an `after` id stands for (a sub-issue stands for its parent's unit);
 * by default, the node with that id.
 */
export function buildUnitDag(
  nodes: readonly GraphNode[],
  nodeOf?: (id: number) => number | undefined,
): UnitDag {
  const size = nodes.length;
  const ids = nodes.map((node) => node.id);
  const indexOf = new NumberMap<number>(size);
  const estimate = new Float64Array(size);
  nodes.forEach((node, index) => {
    indexOf.set(node.id, index);
    estimate[index] = node.estimate;
  });
  const { starts: predecessorStart, targets: predecessors } = predecessorRows(
    nodes,
    nodeOf ?? ((id) => indexOf.get(id)),
  );
  const { starts: successorStart, targets: successors } = transpose(size, predecessorStart, predecessors);
  return {
    size,
    ids,
    indexOf,
    estimate,
    successorStart,
    successors,
    predecessorStart,
    predecessors,
  };
}

/** Each node's blockers as node indices, deduplicated (two blockers may map to one unit), without self-links. */
function predecessorRows(
  nodes: readonly GraphNode[],
  nodeOf: (id: number) => number | undefined,
): { starts: Int32Array; targets: Int32Array } {
  const starts = new Int32Array(nodes.length + 1);
  let links = 0;
  // Indexed loops: most nodes share one frozen empty list, and a for-of over lists of mixed kinds
  // allocates an iterator result per element.
  for (let index = 0; index < nodes.length; index++) links += nodes[index]!.after.length;
  // Written straight into a typed array sized for every link, then cut to those kept.
  const targets = new Int32Array(links);
  let kept = 0;
  // lastSeenBy[b] = the node that last listed b: a duplicate link is skipped in O(1).
  const lastSeenBy = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((node, index) => {
    for (let link = 0; link < node.after.length; link++) {
      const from = nodeOf(node.after[link]!);
      // A self-link is reported by the task model and would make the order undefined here.
      if (from === undefined || from === index || lastSeenBy[from] === index) continue;
      lastSeenBy[from] = index;
      targets[kept++] = from;
    }
    starts[index + 1] = kept;
  });
  return { starts, targets: kept === links ? targets : targets.slice(0, kept) };
}

/** The reverse adjacency of CSR rows, by counting sort: successors come out in node order. */
function transpose(
  size: number,
  starts: Int32Array,
  targets: Int32Array,
): { starts: Int32Array; targets: Int32Array } {
  const reverseStarts = new Int32Array(size + 1);
  for (const target of targets) reverseStarts[target + 1]! += 1;
  for (let node = 0; node < size; node++) reverseStarts[node + 1]! += reverseStarts[node]!;
  const fill = reverseStarts.slice(0, size);
  const reverseTargets = new Int32Array(targets.length);
  for (let node = 0; node < size; node++) {
    for (let edge = starts[node]!; edge < starts[node + 1]!; edge++) {
      const target = targets[edge]!;
      reverseTargets[fill[target]!++] = node;
    }
  }
  return { starts: reverseStarts, targets: reverseTargets };
}
