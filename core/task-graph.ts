/**
 * The dependency DAG of the remaining work: a graphology graph with an edge blocker → dependent,
 * its cycles (every task on one, named in cycle order) and each node's critical-path length
 * (its b-level: the largest sum of estimates along a chain from the node to a sink, its own
 * estimate included).
 */
import { DirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';
import { stronglyConnectedComponents } from './strongly-connected.js';

export interface GraphNode {
  id: number;
  estimate: number;
  /** Nodes that must finish first; ids that are not nodes of the graph are ignored. */
  after: readonly number[];
}

interface NodeAttributes {
  id: number;
  estimate: number;
}

export type TaskGraph = DirectedGraph<NodeAttributes>;

export interface DagAnalysis {
  graph: TaskGraph;
  /** Each cycle's members in cycle order, starting at its smallest member; cycles sorted by that member. */
  cycles: number[][];
  onCycle: Set<number>;
  /** b-level of every node that is not on a cycle. */
  criticalLength: Map<number, number>;
  /** The longest chain by estimate, first to last (cycles excluded). */
  criticalPath: number[];
}

export function buildTaskGraph(nodes: readonly GraphNode[]): TaskGraph {
  const graph: TaskGraph = new DirectedGraph<NodeAttributes>();
  for (const node of nodes) graph.addNode(key(node.id), { id: node.id, estimate: node.estimate });
  for (const node of nodes) {
    for (const blocker of node.after) {
      // A self-link is reported by the task model and would make the order undefined here.
      if (blocker !== node.id && graph.hasNode(key(blocker))) graph.mergeEdge(key(blocker), key(node.id));
    }
  }
  return graph;
}

export function analyseDag(nodes: readonly GraphNode[]): DagAnalysis {
  const graph = buildTaskGraph(nodes);
  const { order, residual } = kahnOrder(graph);
  const cycles = cyclesAmong(graph, residual);
  const onCycle = new Set(cycles.flat());
  // Without cycles Kahn's order is already topological; otherwise sort the graph less its cycles.
  const criticalLength =
    residual.length === 0 ? criticalLengths(graph, order) : criticalLengthsOffCycles(graph, onCycle);
  return { graph, cycles, onCycle, criticalLength, criticalPath: criticalPathOf(graph, criticalLength) };
}

function key(id: number): string {
  return String(id);
}

/**
 * Every node on a cycle, as a set of simple cycles: for each strongly connected component,
 * shortest cycles through its members until each member is named in one.
 */
export function findCycles(graph: TaskGraph): number[][] {
  return cyclesAmong(graph, kahnOrder(graph).residual);
}

function cyclesAmong(graph: TaskGraph, residual: string[]): number[][] {
  if (residual.length === 0) return [];
  // Kahn's peel already removed every node that cannot be on a cycle.
  const components = stronglyConnectedComponents(graph, residual);
  const cycles: number[][] = [];
  for (const component of components) {
    const members = component.map((node) => graph.getNodeAttribute(node, 'id')).sort((a, b) => a - b);
    if (members.length < 2) continue;
    cycles.push(...coverWithCycles(graph, members));
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Kahn's algorithm: the nodes it peels, in topological order, and those it cannot (on or below a cycle). */
function kahnOrder(graph: TaskGraph): { order: string[]; residual: string[] } {
  const inDegree = new Map<string, number>();
  const queue: string[] = [];
  graph.forEachNode((node) => {
    const degree = graph.inDegree(node);
    inDegree.set(node, degree);
    if (degree === 0) queue.push(node);
  });
  for (let head = 0; head < queue.length; head++) {
    graph.forEachOutNeighbor(queue[head] ?? '', (next) => {
      const degree = (inDegree.get(next) ?? 0) - 1;
      inDegree.set(next, degree);
      if (degree === 0) queue.push(next);
    });
  }
  if (queue.length === graph.order) return { order: queue, residual: [] };
  const peeled = new Set(queue);
  return { order: queue, residual: graph.filterNodes((node) => !peeled.has(node)) };
}

function inducedSubgraph(graph: TaskGraph, nodes: string[]): TaskGraph {
  const sub: TaskGraph = new DirectedGraph<NodeAttributes>();
  for (const node of nodes) sub.addNode(node, graph.getNodeAttributes(node));
  for (const node of nodes) {
    graph.forEachOutNeighbor(node, (next) => {
      if (sub.hasNode(next)) sub.mergeEdge(node, next);
    });
  }
  return sub;
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

function criticalLengthsOffCycles(graph: TaskGraph, onCycle: Set<number>): Map<number, number> {
  const acyclic = withoutNodes(graph, onCycle);
  return criticalLengths(acyclic, topologicalSort(acyclic));
}

/** Dynamic programme over the reverse of a topological order of an acyclic graph. */
export function criticalLengths(acyclic: TaskGraph, order: readonly string[]): Map<number, number> {
  const lengths = new Map<number, number>();
  for (let index = order.length - 1; index >= 0; index--) {
    const node = order[index] ?? '';
    let longestBelow = 0;
    acyclic.forEachOutNeighbor(node, (next) => {
      longestBelow = Math.max(longestBelow, lengths.get(Number(next)) ?? 0);
    });
    const { id, estimate } = acyclic.getNodeAttributes(node);
    lengths.set(id, estimate + longestBelow);
  }
  return lengths;
}

function withoutNodes(graph: TaskGraph, removed: Set<number>): TaskGraph {
  return inducedSubgraph(
    graph,
    graph.filterNodes((_node, attributes) => !removed.has(attributes.id)),
  );
}

/** From the node with the largest b-level, follow the successor that carries it (smallest number on ties). */
function criticalPathOf(graph: TaskGraph, lengths: Map<number, number>): number[] {
  let current = bestOf([...lengths.keys()], lengths);
  const path: number[] = [];
  while (current !== null) {
    path.push(current);
    const successors = graph
      .outNeighbors(key(current))
      .map(Number)
      .filter((next) => lengths.has(next));
    current = bestOf(successors, lengths);
  }
  return path;
}

function bestOf(candidates: number[], lengths: Map<number, number>): number | null {
  let best: number | null = null;
  for (const candidate of candidates) {
    const length = lengths.get(candidate) ?? 0;
    const bestLength = best === null ? -1 : (lengths.get(best) ?? 0);
    if (best === null || length > bestLength || (length === bestLength && candidate < best)) best = candidate;
  }
  return best;
}
