import { describe, expect, test } from '@jest/globals';
import { evaluateCondition, ExpressionError, interpolate } from '../../../simulator/actions/expressions.js';

describe('expressions', () => {
  const contexts = {
    inputs: { task: '7', attempt: '2' },
    github: { sha: 'abc' },
    steps: { work: { outputs: { id: '9' } } },
  };

  test('interpolates every ${{ }} with GitHub functions and contexts', () => {
    expect(
      interpolate(
        "drover #${{ inputs.task }} attempt ${{ format('{0}', inputs.attempt) }} at ${{ github.sha }}",
        contexts,
      ),
    ).toBe('drover #7 attempt 2 at abc');
    expect(interpolate('id=${{ steps.work.outputs.id }} missing=${{ inputs.nope }}', contexts)).toBe(
      'id=9 missing=',
    );
  });

  test('conditions imply success() unless they use a status function', () => {
    expect(evaluateCondition("inputs.task == '7'", contexts, 'success')).toBe(true);
    expect(evaluateCondition("inputs.task == '7'", contexts, 'failure')).toBe(false);
    expect(evaluateCondition('${{ always() }}', contexts, 'failure')).toBe(true);
    expect(evaluateCondition('failure()', contexts, 'failure')).toBe(true);
  });

  test('a malformed expression is a clear error', () => {
    expect(() => interpolate('${{ inputs.task == }}', contexts)).toThrow(ExpressionError);
    expect(() => interpolate('${{ inputs.task', contexts)).toThrow('Unclosed expression');
  });
});
