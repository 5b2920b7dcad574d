/** `drover export [--format jsonl|json] [--output FILE]`: the backlog back out of GitHub. */
import { writeFile } from 'node:fs/promises';
import { toJsonArray, toJsonLines } from '../backlog/backlog-json.js';
import { exportBacklog } from '../backlog/export-backlog.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';

export const EXPORT_FORMATS = ['jsonl', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function exportCommand(
  context: CommandContext,
  options: { format: string; output?: string },
): Promise<void> {
  const format = checkFormat(options.format);
  const { records, warnings } = await exportBacklog(context.client, context.repo);
  for (const warning of warnings) context.err(`warning: ${warning}`);
  const text = format === 'json' ? toJsonArray(records) : toJsonLines(records);
  if (options.output) {
    await writeFile(options.output, text);
    context.err(`wrote ${records.length} line(s) to ${options.output}`);
    return;
  }
  context.out(text.trimEnd());
}

function checkFormat(format: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new CliError(`--format "${format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
}
