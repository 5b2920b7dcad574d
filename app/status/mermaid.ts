/**
 * The task DAG as a mermaid `graph TD`, one node per task coloured by its state: blocker →
 * dependent as a solid edge, sub-issue → parent as a dotted one, the critical path outlined.
 * GitHub renders ```` ```mermaid ```` blocks in comments. Pure: text in, text out.
 */
import type { Task } from '../../core/types.js';
import { mermaidLabel } from './untrusted-text.js';
import { DISPLAY_STATES, type DisplayState } from './task-display-state.js';

/**
 * Mermaid refuses diagrams beyond `maxEdges` (default 500) and `maxTextSize` (default 50,000
 * characters; https://mermaid.js.org/config/schema-docs/config.html), and a graph this large is
 * unreadable anyway: past this many tasks the status shows the table alone.
 */
export const MAX_GRAPH_NODES = 150;

const STATE_STYLE: Record<DisplayState, string> = {
  done: 'fill:#d1f0d9,stroke:#1a7f37,color:#0d3b1b',
  running: 'fill:#cfe4ff,stroke:#0969da,color:#052c5c',
  review: 'fill:#e8dcff,stroke:#8250df,color:#2e1466',
  ready: 'fill:#ffffff,stroke:#57606a,color:#24292f',
  waiting: 'fill:#f1f3f5,stroke:#adb5bd,color:#57606a',
  blocked: 'fill:#fff1c2,stroke:#bf8700,color:#4d3600',
  failed: 'fill:#ffd7d5,stroke:#cf222e,color:#5c0b10',
  not_planned: 'fill:#eaeef2,stroke:#8c959f,color:#57606a,stroke-dasharray:4',
};

export function nodeId(task: number): string {
  return `t${task}`;
}

/** The graph text (without the fence), or null when there are too many tasks to draw. */
export function renderMermaidDag(
  tasks: Task[],
  states: Map<number, DisplayState>,
  criticalPath: number[] = [],
): string | null {
  if (tasks.length === 0 || tasks.length > MAX_GRAPH_NODES) return null;
  const present = new Set(tasks.map((task) => task.number));
  const lines = ['graph TD'];
  for (const task of tasks) {
    const state = states.get(task.number) ?? 'waiting';
    lines.push(`  ${nodeId(task.number)}["#${task.number} ${mermaidLabel(task.title)}"]:::${state}`);
  }
  for (const task of tasks) {
    for (const blocker of task.dependsOn) {
      if (present.has(blocker)) lines.push(`  ${nodeId(blocker)} --> ${nodeId(task.number)}`);
    }
    for (const child of task.children) {
      if (present.has(child)) lines.push(`  ${nodeId(child)} -.-> ${nodeId(task.number)}`);
    }
  }
  for (const state of DISPLAY_STATES) lines.push(`  classDef ${state} ${STATE_STYLE[state]}`);
  const critical = criticalPath.filter((task) => present.has(task));
  if (critical.length > 0) {
    lines.push('  classDef critical stroke-width:3px');
    lines.push(`  class ${critical.map(nodeId).join(',')} critical`);
  }
  return lines.join('\n');
}
