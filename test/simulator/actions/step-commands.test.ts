import { describe, expect, test } from '@jest/globals';
import { parseKeyValueFile } from '../../../simulator/actions/file-commands.js';
import { parseWorkflowCommand } from '../../../simulator/actions/workflow-commands.js';

describe('workflow commands on stdout', () => {
  test('annotations become log lines and check run annotations, masks and debug are not logged', () => {
    expect(parseWorkflowCommand('::error file=a.ts,line=3::broken%0Abadly')).toEqual({
      kind: 'log',
      line: '##[error]Error (a.ts): broken\nbadly',
      annotation: {
        level: 'failure',
        message: 'broken\nbadly',
        title: null,
        path: 'a.ts',
        startLine: 3,
        endLine: 3,
      },
    });
    expect(parseWorkflowCommand('::warning title=Slow::took long')).toMatchObject({
      annotation: { level: 'warning', title: 'Slow', path: '.github', startLine: 1 },
    });
    expect(parseWorkflowCommand('::add-mask::s3cr3t')).toEqual({ kind: 'mask', value: 's3cr3t' });
    expect(parseWorkflowCommand('::set-output name=id::42')).toEqual({
      kind: 'output',
      name: 'id',
      value: '42',
    });
    expect(parseWorkflowCommand('::debug::noise')).toEqual({ kind: 'hidden' });
    expect(parseWorkflowCommand('plain :: text')).toEqual({ kind: 'log', line: 'plain :: text' });
  });
});

describe('environment files', () => {
  test('reads name=value and heredoc entries as @actions/core writes them', () => {
    const content = 'simple=1\nmulti<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\nempty=\n';
    expect(parseKeyValueFile(content)).toEqual({ simple: '1', multi: 'line one\nline=two', empty: '' });
  });

  test('an unclosed heredoc is an error, not a silent truncation', () => {
    expect(() => parseKeyValueFile('x<<EOF\nvalue\n')).toThrow('delimiter EOF for x is never closed');
  });
});
