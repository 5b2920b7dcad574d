/** The "Problems found" section: each problem with the issues it is about and what to do. */
import type { Problem } from '../../core/types.js';
import { markdownCell } from './untrusted-text.js';

/** Problem messages name issues and labels, which people chose: they are escaped like titles. */
const MAX_MESSAGE_CHARS = 400;

export function renderProblems(problems: Problem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map(
    (problem) =>
      `- ${problem.issues.map((issue) => `#${issue}`).join(', ')}: ${markdownCell(problem.message, MAX_MESSAGE_CHARS)}`,
  );
  return ['### Problems found', '', ...lines].join('\n');
}
