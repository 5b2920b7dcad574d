/**
 * The answer to a `/drover spec`: what was imported, the tree and the plan (the CLI's own
 * renderers, over the issues just created), and what the import recorded as it is; or why no
 * backlog came of it. Everything that came from the agent (titles, ids, problems) is shown in
 * fenced text blocks longer than any backtick run inside them, one line per entry, so it can
 * neither format nor mention anything.
 */
import { previewBacklog } from '../../cli/backlog/backlog-preview.js';
import { parseBacklog } from '../../cli/backlog/parse-backlog.js';
import type { DroverConfig } from '../../core/config.js';
import type { SpecRequest } from '../../core/control-record.js';
import type { BacklogImported } from '../../core/gateway/backlog.js';
import type { SpecResult } from '../../core/spec-attempt.js';
import { formatDuration } from '../status/format-duration.js';
import { markdownCell, plainTitle } from '../status/untrusted-text.js';

export interface SpecReplyInput {
  request: SpecRequest;
  result: SpecResult;
  imported: BacklogImported | null;
  config: DroverConfig;
  repo: string;
  now: Date;
  /** A run over every task is active: the new tasks are part of it. */
  runActive: boolean;
}

const TITLE_CHARS = 80;
const LINE_CHARS = 300;

export function specReply(input: SpecReplyInput): string {
  const { request, result, imported } = input;
  const documents = request.paths.map(inlineCode).join(', ');
  const spent = spending(result);
  if (imported === null || result.backlog === null) {
    return [
      `@${request.by} the spec of ${documents} gave no backlog Drover could import${spent}: ${markdownCell(result.reason ?? 'it failed', LINE_CHARS)}.`,
      ...(result.problems.length > 0 ? ['', textBlock(result.problems)] : []),
      '',
      'Nothing was created. Correct the documents (or say more in them) and give the command again.',
    ].join('\n');
  }
  const parsed = parseBacklog(result.backlog);
  const preview = parsed.ok
    ? previewBacklog(parsed.backlog, {
        config: input.config,
        repo: input.repo,
        now: input.now,
        numbers: imported.numbers,
        title: (title) => plainTitle(title, TITLE_CHARS),
      })
    : null;
  const warnings = [...result.warnings, ...imported.warnings];
  return [
    `@${request.by} the backlog from ${documents} is imported${spent}: ${imported.issuesCreated} issue(s) created, ${imported.issuesExisting} already there.`,
    ...(preview === null
      ? []
      : ['', textBlock(preview.tree.split('\n')), '', textBlock(preview.plan.split('\n'))]),
    ...(warnings.length > 0
      ? ['', 'Recorded as it is, for a person to look at:', '', textBlock(warnings)]
      : []),
    '',
    input.runActive
      ? 'The tasks are labelled `drover`: the active run works them.'
      : 'The tasks are labelled `drover`: `/drover run` (or `/drover run <epic>`) works them.',
  ].join('\n');
}

function spending(result: SpecResult): string {
  if (result.agent === null) return '';
  const cost = result.costUsd > 0 ? `, $${result.costUsd.toFixed(2)}` : '';
  return ` (agent ${markdownCell(result.agent, 40)}, ${formatDuration(result.durationMs)}${cost})`;
}

/** Lines in a fenced block that nothing inside can close. */
function textBlock(lines: string[]): string {
  const safe = lines.flatMap((line) => line.split(/\r?\n/)).map(safeLine);
  const longest = Math.max(0, ...safe.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}text`, ...safe, fence].join('\n');
}

/** One line as it is (its indentation kept: a tree), without control or invisible characters, bounded. */
function safeLine(line: string): string {
  const flat = line
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, ' ')
    .replace(/\t/g, '  ');
  const chars = Array.from(flat);
  return chars.length <= LINE_CHARS ? flat : `${chars.slice(0, LINE_CHARS - 1).join('')}…`;
}

/** A path from the command (a trusted person's), as inline code a backtick cannot end. */
function inlineCode(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, '')}\``;
}
