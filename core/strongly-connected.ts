/**
 * Strongly connected components (Tarjan), iterative. graphology-components has one, but it
 * recurses once per node on a path, so a long chain below a cycle overflows the call stack.
 */
import type { TaskGraph } from './task-graph.js';

interface Frame {
  node: string;
  successors: string[];
  next: number;
}

/** The components among `nodes` (edges leaving `nodes` are ignored), each a list of node keys. */
export function stronglyConnectedComponents(graph: TaskGraph, nodes: readonly string[]): string[][] {
  const within = new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const enter = (node: string, frames: Frame[]): void => {
    index.set(node, index.size);
    low.set(node, index.size - 1);
    stack.push(node);
    onStack.add(node);
    frames.push({ node, successors: graph.outNeighbors(node).filter((next) => within.has(next)), next: 0 });
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: Frame[] = [];
    enter(root, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const successor = frame.successors[frame.next++];
      if (successor !== undefined) {
        if (!index.has(successor)) enter(successor, frames);
        else if (onStack.has(successor)) lower(low, frame.node, index.get(successor) ?? 0);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) lower(low, parent.node, low.get(frame.node) ?? 0);
      if (low.get(frame.node) === index.get(frame.node))
        components.push(popComponent(stack, onStack, frame.node));
    }
  }
  return components;
}

function lower(low: Map<string, number>, node: string, value: number): void {
  if (value < (low.get(node) ?? value)) low.set(node, value);
}

function popComponent(stack: string[], onStack: Set<string>, root: string): string[] {
  const component: string[] = [];
  for (let node = stack.pop(); node !== undefined; node = node === root ? undefined : stack.pop()) {
    onStack.delete(node);
    component.push(node);
  }
  return component;
}
