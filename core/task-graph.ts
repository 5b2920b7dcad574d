/**
 * The dependency DAG of the remaining work, analysed: its cycles (every task on one, named in
 * cycle order), a topological order of the nodes off the cycles, and each node's critical-path
 * length (its b-level: the largest sum of estimates along a chain from the node to a sink, its
 * own estimate included).
 *
 * The hot path is integer-indexed (unit-dag.ts): Kahn's algorithm peels every node that cannot
 * be on a cycle, and one dynamic programme over the order gives the b-levels. Only the nodes
 * Kahn cannot peel (none, in a healthy backlog) go into a graphology graph, where Tarjan's
 * strongly connected components and a breadth-first search name the cycles.
 */
import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from './strongly-connected.js';
import { buildUnitDag, type GraphNode, type UnitDag } from './unit-dag.js';

export type { GraphNode } from './unit-dag.js';

interface NodeAttributes {
  id: number;
}

/** The nodes Kahn's algorithm could not peel, and the edges between them. */
export type TaskGraph = DirectedGraph<NodeAttributes>;

export interface DagAnalysis {
  dag: UnitDag;
  /** Each cycle's members in cycle order, starting at its smallest member; cycles sorted by that member. */
  cycles: number[][];
  onCycle: Set<number>;
  /** The first cycle (in `cycles`) each member is named in. */
  cycleOf: Map<number, number[]>;
  /** Node indices of every node not on a cycle, blockers before their dependents. */
  order: Int32Array;
  /** b-level of each node (by node index); a node on a cycle has just its own estimate. */
  bLevel: Float64Array;
  /** The longest chain by estimate, first to last (cycles excluded). */
  criticalPath: number[];
}

/** `nodeOf` gives the node an `after` id stands for (see buildUnitDag). */
export function analyseDag(
  nodes: readonly GraphNode[],
  nodeOf?: (id: number) => number | undefined,
): DagAnalysis {
  const dag = buildUnitDag(nodes, nodeOf);
  const peeled = kahnOrder(dag, null);
  const cycles = peeled.length === dag.size ? [] : cyclesAmong(dag, residualOf(dag, peeled));
  const onCycle = new Set(cycles.flat());
  const cycleOf = new Map<number, number[]>();
  for (const cycle of cycles)
    for (const member of cycle) if (!cycleOf.has(member)) cycleOf.set(member, cycle);
  // Without cycles Kahn's order is already complete; otherwise order the graph less its cycles.
  const order = cycles.length === 0 ? peeled : kahnOrder(dag, cycleMask(dag, onCycle));
  const chain = longestChain(dag, order, dag.estimate, null);
  const bLevel = chain.level;
  for (let node = 0; node < dag.size; node++)
    if (Number.isNaN(bLevel[node])) bLevel[node] = dag.estimate[node]!;
  return { dag, cycles, onCycle, cycleOf, order, bLevel, criticalPath: chain.path };
}

/** Kahn's algorithm over the nodes not `excluded`: those it peels, in topological order. */
function kahnOrder(dag: UnitDag, excluded: Uint8Array | null): Int32Array {
  const inDegree = new Int32Array(dag.size);
  const order = new Int32Array(dag.size);
  let tail = 0;
  for (let node = 0; node < dag.size; node++) {
    if (excluded?.[node] === 1) continue;
    let degree = 0;
    for (let edge = dag.predecessorStart[node]!; edge < dag.predecessorStart[node + 1]!; edge++)
      if (excluded?.[dag.predecessors[edge]!] !== 1) degree++;
    inDegree[node] = degree;
    if (degree === 0) order[tail++] = node;
  }
  for (let head = 0; head < tail; head++) {
    const node = order[head]!;
    for (let edge = dag.successorStart[node]!; edge < dag.successorStart[node + 1]!; edge++) {
      const next = dag.successors[edge]!;
      if (excluded?.[next] !== 1 && --inDegree[next]! === 0) order[tail++] = next;
    }
  }
  return order.subarray(0, tail);
}

function residualOf(dag: UnitDag, peeled: Int32Array): number[] {
  const done = new Uint8Array(dag.size);
  for (const node of peeled) done[node] = 1;
  const residual: number[] = [];
  for (let node = 0; node < dag.size; node++) if (done[node] === 0) residual.push(node);
  return residual;
}

function cycleMask(dag: UnitDag, onCycle: Set<number>): Uint8Array {
  const mask = new Uint8Array(dag.size);
  for (const id of onCycle) mask[dag.indexOf.get(id)!] = 1;
  return mask;
}

export interface Chain {
  /** For each included node reachable in `order`, the heaviest chain from it to a sink; NaN elsewhere. */
  level: Float64Array;
  /** The heaviest chain, first to last: from the heaviest node, the successor carrying its level (smallest number on ties). */
  path: number[];
  /** The weight of `path` (0 when empty). */
  length: number;
}

/**
 * The heaviest chain through the nodes of `order` that `include` keeps (all of them when null),
 * with `weight` per node: a dynamic programme over the reverse topological order, O(n + e).
 */
export function longestChain(
  dag: UnitDag,
  order: Int32Array,
  weight: ArrayLike<number>,
  include: Uint8Array | null,
): Chain {
  const level = new Float64Array(dag.size).fill(Number.NaN);
  for (let index = order.length - 1; index >= 0; index--) {
    const node = order[index]!;
    if (include !== null && include[node] !== 1) continue;
    let below = 0;
    for (let edge = dag.successorStart[node]!; edge < dag.successorStart[node + 1]!; edge++) {
      const next = level[dag.successors[edge]!]!;
      if (next > below) below = next;
    }
    level[node] = weight[node]! + below;
  }
  let current = -1;
  for (const node of order) if (better(dag, level, node, current)) current = node;
  const path: number[] = [];
  const length = current < 0 ? 0 : level[current]!;
  while (current >= 0) {
    path.push(dag.ids[current]!);
    let next = -1;
    for (let edge = dag.successorStart[current]!; edge < dag.successorStart[current + 1]!; edge++) {
      const successor = dag.successors[edge]!;
      if (better(dag, level, successor, next)) next = successor;
    }
    current = next;
  }
  return { level, path, length };
}

/** A longer level wins, then the smaller task number; a node outside the chain (NaN) never does. */
function better(dag: UnitDag, level: Float64Array, node: number, best: number): boolean {
  const length = level[node]!;
  if (Number.isNaN(length)) return false;
  if (best < 0) return true;
  const bestLength = level[best]!;
  return length > bestLength || (length === bestLength && dag.ids[node]! < dag.ids[best]!);
}

/**
 * Every node on a cycle, as a set of simple cycles: for each strongly connected component,
 * shortest cycles through its members until each member is named in one.
 */
function cyclesAmong(dag: UnitDag, residual: number[]): number[][] {
  const graph = residualGraph(dag, residual);
  const components = stronglyConnectedComponents(graph, graph.nodes());
  const cycles: number[][] = [];
  for (const component of components) {
    const members = component.map((node) => graph.getNodeAttribute(node, 'id')).sort((a, b) => a - b);
    if (members.length < 2) continue;
    cycles.push(...coverWithCycles(graph, members));
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Kahn's peel already removed every node that cannot be on a cycle: only the rest is a graph object. */
function residualGraph(dag: UnitDag, residual: number[]): TaskGraph {
  const graph: TaskGraph = new DirectedGraph<NodeAttributes>();
  for (const node of residual) graph.addNode(key(dag.ids[node]!), { id: dag.ids[node]! });
  for (const node of residual) {
    for (let edge = dag.successorStart[node]!; edge < dag.successorStart[node + 1]!; edge++) {
      const next = key(dag.ids[dag.successors[edge]!]!);
      if (graph.hasNode(next)) graph.mergeEdge(key(dag.ids[node]!), next);
    }
  }
  return graph;
}

function key(id: number): string {
  return String(id);
}

function coverWithCycles(graph: TaskGraph, members: number[]): number[][] {
  const inComponent = new Set(members);
  const covered = new Set<number>();
  const cycles: number[][] = [];
  for (const start of members) {
    if (covered.has(start)) continue;
    const cycle = shortestCycleThrough(graph, start, inComponent);
    for (const member of cycle) covered.add(member);
    cycles.push(rotateToSmallest(cycle));
  }
  return cycles;
}

/** Breadth-first from `start` back to itself inside the component; neighbours in number order. */
function shortestCycleThrough(graph: TaskGraph, start: number, inComponent: Set<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head] ?? start;
    for (const next of sortedSuccessors(graph, current)) {
      if (next === start) return pathBack(previous, start, current);
      if (!inComponent.has(next) || previous.has(next)) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  return [start];
}

function sortedSuccessors(graph: TaskGraph, id: number): number[] {
  return graph
    .outNeighbors(key(id))
    .map(Number)
    .sort((a, b) => a - b);
}

function pathBack(previous: Map<number, number>, start: number, last: number): number[] {
  const path = [last];
  for (let node = last; node !== start;) {
    node = previous.get(node) ?? start;
    path.push(node);
  }
  return path.reverse();
}

function rotateToSmallest(cycle: number[]): number[] {
  const smallest = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(smallest), ...cycle.slice(0, smallest)];
}
