/** The PR Drover opens for a task: closing keywords for the task and each child, and what the agent reported. */
import type { AttemptOutcome } from '../../core/attempt-artifact.js';

export interface PullRequestBodyInput {
  task: number;
  children: number[];
  outcome: AttemptOutcome;
  runUrl: string | null;
}

function formatCost(costUsd: number | null): string {
  return costUsd === null ? 'unknown' : `$${costUsd.toFixed(2)}`;
}

function verifyLine(verify: AttemptOutcome['verify']): string {
  if (!verify) return 'none configured';
  return `\`${verify.command}\` ${verify.passed ? 'passed' : 'FAILED'}`;
}

export function pullRequestBody(input: PullRequestBodyInput): string {
  const { outcome } = input;
  // One closing keyword per line: GitHub closes every issue named this way when the PR merges.
  const closes = [...input.children, input.task].map((issue) => `Closes #${issue}`);
  const lines = [
    ...closes,
    '',
    '## Summary',
    outcome.summary ?? outcome.reason ?? '(the agent gave no summary)',
    '',
    '| | |',
    '|---|---|',
    `| Attempt | ${outcome.attempt} |`,
    `| Agent | ${outcome.agent}${outcome.model ? ` (${outcome.model})` : ''} |`,
    `| Turns | ${outcome.turns ?? 'unknown'} |`,
    `| Cost | ${formatCost(outcome.costUsd)} |`,
    `| Verify | ${verifyLine(outcome.verify)} |`,
  ];
  if (input.runUrl) lines.push(`| Run | ${input.runUrl} |`);
  lines.push(
    '',
    '_Opened by Drover. The agent worked in a read-only job; this app wrote the commits after checking the patch._',
  );
  return lines.join('\n');
}

export function pullRequestTitle(task: number, title: string): string {
  return `${title} (#${task})`;
}
