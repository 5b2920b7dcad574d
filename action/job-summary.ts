/** The job summary of an attempt (GitHub renders it on the run page): agent, turns, cost, diff stat, verify. */
import type { AttemptOutcome } from '../core/attempt-artifact.js';

export interface SummaryWriter {
  addHeading(text: string, level?: number): SummaryWriter;
  addTable(rows: Array<Array<string | { data: string; header?: boolean }>>): SummaryWriter;
  addCodeBlock(code: string, lang?: string): SummaryWriter;
  addRaw(text: string, addEOL?: boolean): SummaryWriter;
  write(): Promise<unknown>;
}

const ICON: Record<AttemptOutcome['status'], string> = { success: '✅', blocked: '⏸️', failed: '❌' };

function orDash(value: number | null, format: (n: number) => string): string {
  return value === null ? '–' : format(value);
}

export function summaryRows(outcome: AttemptOutcome, artifactName: string): string[][] {
  return [
    ['Status', `${ICON[outcome.status]} ${outcome.status}${outcome.partial ? ' (partial work kept)' : ''}`],
    ['Reason', outcome.reason ?? '–'],
    ['Agent', outcome.model ? `${outcome.agent} (${outcome.model})` : outcome.agent],
    ['Turns', orDash(outcome.turns, String)],
    ['Tokens', outcome.tokens ? `${outcome.tokens.input} in / ${outcome.tokens.output} out` : '–'],
    ['Cost', orDash(outcome.costUsd, (usd) => `$${usd.toFixed(4)}`)],
    ['Duration', `${Math.round(outcome.durationMs / 1000)} s`],
    [
      'Verify',
      outcome.verify
        ? `${outcome.verify.passed ? 'passed' : 'failed'}: \`${outcome.verify.command}\``
        : 'not configured',
    ],
    ['Base', outcome.baseSha],
    ['Artifact', artifactName],
  ];
}

export async function writeJobSummary(
  writer: SummaryWriter,
  outcome: AttemptOutcome,
  artifactName: string,
  diffStat: string,
): Promise<void> {
  writer.addHeading(`Drover: task #${outcome.task}, attempt ${outcome.attempt}`, 2).addTable([
    [
      { data: 'Item', header: true },
      { data: 'Value', header: true },
    ],
    ...summaryRows(outcome, artifactName),
  ]);
  if (diffStat !== '') writer.addHeading('Changes', 3).addCodeBlock(diffStat);
  if (outcome.verify && !outcome.verify.passed)
    writer.addHeading('Verify output (tail)', 3).addCodeBlock(outcome.verify.outputTail);
  await writer.write();
}
