/**
 * `${{ }}` expressions, evaluated with GitHub's own implementation (@actions/expressions).
 * https://docs.github.com/actions/reference/evaluate-expressions-in-workflows-and-actions
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

/** Context data by name (`github`, `inputs`, `env`, `secrets`, `steps`, …), plain JSON. */
export type ExpressionContexts = Record<string, unknown>;

/** The job status a step's `if:` sees through `success()`, `failure()`, `cancelled()`, `always()`. */
export type JobStatus = 'success' | 'failure' | 'cancelled';

export class ExpressionError extends Error {}

function statusFunctions(status: JobStatus): FunctionDefinition[] {
  const is = (wanted: boolean) => () => new data.BooleanData(wanted);
  return [
    { name: 'success', minArgs: 0, maxArgs: 0, call: is(status === 'success') },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: is(status === 'failure') },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: is(status === 'cancelled') },
    { name: 'always', minArgs: 0, maxArgs: 0, call: is(true) },
  ];
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluateExpression(
  expression: string,
  contexts: ExpressionContexts,
  status: JobStatus = 'success',
): data.ExpressionData {
  const functions = statusFunctions(status);
  try {
    const { tokens } = new Lexer(expression).lex();
    const tree = new Parser(tokens, Object.keys(contexts), functions).parse();
    // The reviver turns plain JSON into ExpressionData (the README's Dictionary example crashes).
    const contextData = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
    return new Evaluator(tree, contextData, new Map(functions.map((f) => [f.name, f]))).evaluate();
  } catch (error) {
    throw new ExpressionError(`Invalid expression \`\${{ ${expression} }}\`: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Replaces every `${{ expr }}` in a string with the expression's string value. */
export function interpolate(template: string, contexts: ExpressionContexts): string {
  let result = '';
  let rest = template;
  for (let start = rest.indexOf('${{'); start !== -1; start = rest.indexOf('${{')) {
    const end = rest.indexOf('}}', start + 3);
    if (end === -1) throw new ExpressionError(`Unclosed expression in \`${template}\``);
    result +=
      rest.slice(0, start) + evaluateExpression(rest.slice(start + 3, end).trim(), contexts).coerceString();
    rest = rest.slice(end + 2);
  }
  return result + rest;
}

/** Evaluates an `if:` condition; as on GitHub, a condition without a status function implies `success() &&`. */
export function evaluateCondition(
  condition: string,
  contexts: ExpressionContexts,
  status: JobStatus,
): boolean {
  const trimmed = condition.trim();
  const expression =
    trimmed.startsWith('${{') && trimmed.endsWith('}}') ? trimmed.slice(3, -2).trim() : trimmed;
  const usesStatus = /\b(success|failure|cancelled|always)\s*\(/.test(expression);
  const full = usesStatus ? expression : `success() && (${expression})`;
  return truthy(evaluateExpression(full, contexts, status));
}
