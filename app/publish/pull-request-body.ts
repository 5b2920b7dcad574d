/**
 * The PR Drover opens for a task. Drover's own lines come first: one `Closes #N` per line for
 * the task and each sub-issue (GitHub closes every issue named this way when the PR merges).
 * Everything the agent reported is untrusted and shown inert: its summary in a code block it
 * cannot close (no reference links, no mentions, no closing keyword: see core/github-text.ts),
 * its names and the verify command in code spans. The whole body stays within GitHub's limit.
 */
import type { AttemptOutcome } from '../../core/attempt-artifact.js';
import {
  capText,
  GITHUB_LIMITS,
  inertBlock,
  inertInline,
  neutraliseClosingKeywords,
} from '../../core/github-text.js';

export interface PullRequestBodyInput {
  task: number;
  children: number[];
  outcome: AttemptOutcome;
  runUrl: string | null;
  /** Changes that wait for a person (from the patch policy): said on the PR, never auto-merged. */
  waitsForPerson?: string[];
}

const NAME_CHARS = 100;
const COMMAND_CHARS = 300;
/** Lines of "waits for a person" shown before "and N more". */
const MAX_WAIT_LINES = 50;

function formatCost(costUsd: number | null): string {
  return costUsd === null || !Number.isFinite(costUsd) ? 'unknown' : `$${costUsd.toFixed(2)}`;
}

function verifyLine(verify: AttemptOutcome['verify']): string {
  if (!verify) return 'none configured';
  return `${inertInline(verify.command, COMMAND_CHARS)} ${verify.passed ? 'passed' : 'FAILED'}`;
}

function waitSection(reasons: string[]): string[] {
  if (reasons.length === 0) return [];
  const shown = reasons.slice(0, MAX_WAIT_LINES).map((reason) => `- ${inertInline(reason, 300)}`);
  if (reasons.length > MAX_WAIT_LINES) shown.push(`- … and ${reasons.length - MAX_WAIT_LINES} more`);
  return [
    '## Waits for a person',
    'Drover will not merge this pull request: it makes changes a person must review and merge.',
    ...shown,
    '',
  ];
}

/** The inert block of `text`, cut until the block (fences included) fits in `room`. */
function boundedBlock(text: string, room: number): string {
  let budget = room;
  let block = inertBlock(capText(text, budget, '\n[… cut]'));
  while (block.length > room && budget > 0) {
    budget = Math.max(0, budget - (block.length - room));
    block = inertBlock(capText(text, budget, '\n[… cut]'));
  }
  return block;
}

export function pullRequestBody(input: PullRequestBodyInput): string {
  const { outcome } = input;
  const closes = [...input.children, input.task].map((issue) => `Closes #${issue}`);
  const model = outcome.model ? ` (${inertInline(outcome.model, NAME_CHARS)})` : '';
  const before = [
    ...closes,
    '',
    ...waitSection(input.waitsForPerson ?? []),
    '## Summary (as the agent reported it)',
  ];
  const after = [
    '',
    '| | |',
    '|---|---|',
    `| Attempt | ${outcome.attempt} |`,
    `| Agent | ${inertInline(outcome.agent, NAME_CHARS)}${model} |`,
    `| Turns | ${outcome.turns ?? 'unknown'} |`,
    `| Cost | ${formatCost(outcome.costUsd)} |`,
    `| Verify | ${verifyLine(outcome.verify)} |`,
  ];
  if (input.runUrl) after.push(`| Run | ${input.runUrl} |`);
  after.push(
    '',
    '_Opened by Drover. The agent worked in a read-only job; this app wrote the commits after checking the patch._',
  );
  const fixed = before.join('\n').length + after.join('\n').length + 2;
  // The summary gets what is left of GitHub's limit (its fence and a cut marker need a little).
  const room = Math.max(0, GITHUB_LIMITS.bodyChars - fixed - 64);
  const summaryText = outcome.summary ?? outcome.reason ?? '(the agent gave no summary)';
  const summary = boundedBlock(summaryText, room);
  return capText([...before, summary, ...after].join('\n'), GITHUB_LIMITS.bodyChars);
}

export function pullRequestTitle(task: number, title: string): string {
  const suffix = ` (#${task})`;
  const oneLine = title.replace(/\s+/g, ' ').trim();
  // A squash merge makes the title the commit subject on the default branch: no closing keyword there.
  return `${capText(neutraliseClosingKeywords(oneLine), GITHUB_LIMITS.titleChars - suffix.length)}${suffix}`;
}
