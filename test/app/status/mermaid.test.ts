import { describe, expect, it } from '@jest/globals';
import { MAX_GRAPH_NODES, renderMermaidDag } from '../../../app/status/mermaid.js';
import type { DisplayState } from '../../../app/status/task-display-state.js';
import { markdownCell, mermaidLabel } from '../../../app/status/untrusted-text.js';
import { aTask } from '../../support/repo-state.js';

describe('renderMermaidDag', () => {
  const tasks = [
    aTask(1, { title: 'Schema' }),
    aTask(2, { title: 'API', dependsOn: [1] }),
    aTask(3, { title: 'UI', dependsOn: [1, 2], children: [4] }),
    aTask(4, { title: 'Button', parent: 3 }),
    aTask(5, { title: 'Docs', dependsOn: [99] }),
  ];
  const states = new Map<number, DisplayState>([
    [1, 'done'],
    [2, 'running'],
    [3, 'waiting'],
    [4, 'waiting'],
    [5, 'failed'],
  ]);
  const graph = renderMermaidDag(tasks, states, [1, 2, 3]) ?? '';
  const lines = graph.split('\n');

  it('is a top-down graph with one node per task, classed by its state', () => {
    expect(lines[0]).toBe('graph TD');
    expect(lines).toContain('  t1["#1 Schema"]:::done');
    expect(lines).toContain('  t2["#2 API"]:::running');
    expect(lines).toContain('  t5["#5 Docs"]:::failed');
  });

  it('draws one solid edge per dependency (blocker → dependent) and a dotted one per sub-issue', () => {
    expect(lines.filter((line) => line.includes('-->'))).toEqual([
      '  t1 --> t2',
      '  t1 --> t3',
      '  t2 --> t3',
    ]);
    expect(lines.filter((line) => line.includes('-.->'))).toEqual(['  t4 -.-> t3']);
  });

  it('leaves out edges to issues that are not tasks (reported as problems instead)', () => {
    expect(graph).not.toContain('t99');
  });

  it('defines a class for every state and outlines the critical path', () => {
    for (const state of [
      'done',
      'running',
      'review',
      'ready',
      'waiting',
      'blocked',
      'failed',
      'not_planned',
    ]) {
      expect(lines.some((line) => line.startsWith(`  classDef ${state} fill:`))).toBe(true);
    }
    expect(lines).toContain('  class t1,t2,t3 critical');
  });

  it('draws nothing for no tasks or too many to read', () => {
    expect(renderMermaidDag([], new Map())).toBeNull();
    const many = Array.from({ length: MAX_GRAPH_NODES + 1 }, (_, index) => aTask(index + 1));
    expect(renderMermaidDag(many, new Map())).toBeNull();
  });

  it('a malicious title cannot close its node, the fence or inject HTML', () => {
    const evil =
      'x"]:::done\n  click t1 "javascript:alert(1)"\n```\n<img src=x onerror=alert(1)> #quot; [a](b) `rm` | ok';
    const node = renderMermaidDag([aTask(7, { title: evil })], new Map([[7, 'ready']])) ?? '';
    const nodeLine = node.split('\n')[1] ?? '';
    expect(nodeLine.startsWith('  t7["#7 ')).toBe(true);
    expect(nodeLine.endsWith('"]:::ready')).toBe(true);
    const label = nodeLine.slice('  t7["'.length, -'"]:::ready'.length);
    expect(label).not.toMatch(/["[\]`<>|;&(){}\n]/);
    expect(label.indexOf('#', 1)).toBe(-1); // only our own "#7" prefix: no mermaid entity code
    expect(node).not.toContain('```');
    expect(node).not.toContain('<img');
    expect(node.split('\n')).toHaveLength(1 + 1 + 8); // header, one node, eight classDefs: nothing injected
  });
});

describe('untrusted text', () => {
  it('mermaidLabel keeps words, drops syntax, caps the length', () => {
    expect(mermaidLabel('Add "login" [v2] (fast) #quot; `now`')).toBe('Add login v2 fast quot now');
    const long = mermaidLabel('word '.repeat(40));
    expect(Array.from(long)).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('markdownCell escapes pipes and HTML and defuses @mentions', () => {
    const cell = markdownCell('a | b <script>x</script> @octocat [link](http://e.x)');
    expect(cell).toContain('a \\| b');
    expect(cell).not.toContain('<script>');
    expect(cell).toContain('@&#8203;octocat');
    expect(cell).toContain('\\[link\\]');
  });

  it('markdownCell flattens newlines and strips invisible characters', () => {
    expect(markdownCell('one\ntwo\u200b\u202ethree')).toBe('one two three');
  });
});
