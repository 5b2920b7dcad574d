/**
 * `drover prune --older-than <age>` and `/drover cleanup [age]`: delete the refs attempts left
 * behind (implement branches `drover/T/attempt-n`, follow-up claims `refs/drover/T/attempt-n`)
 * of tasks that are closed (done, not planned, duplicate), once they are older than the age.
 *
 * The loop deletes a done task's refs itself (core/plan/plan-cleanup.ts); what is left is the
 * refs of tasks closed as not planned (kept in case a person wanted the partial work) and those a
 * crash or an older version left. Refs of open tasks are never pruned: they are the attempts'
 * claims, which number the next attempt and count against `max_attempts` (docs/control-loop.md
 * §2); deleting them would start a failed task over. A branch an open pull request still uses
 * stays too.
 */
import { CLAIM_PREFIXES, parseClaimRef } from './attempt-names.js';

export interface PruneReader {
  /** Every ref under a prefix (`heads/drover/`, `drover/`), fully qualified. */
  matching(prefix: string): Promise<Array<{ ref: string; sha: string }>>;
  /** Which of these issues are closed (numbers that are no issue at all count as closed). */
  closedIssues(numbers: number[]): Promise<Set<number>>;
  /** Does an open pull request use this branch as its head? */
  hasOpenPull(branch: string): Promise<boolean>;
  /** When the ref's commit was made (ISO time). */
  commitDate(sha: string): Promise<string>;
  delete(ref: string): Promise<void>;
}

export interface PruneResult {
  deleted: string[];
  /** Attempt refs left in place (open tasks, younger than the age, open pull requests). */
  kept: number;
}

export async function pruneAttemptRefs(
  reader: PruneReader,
  options: { olderThanMs: number; now: Date; dryRun?: boolean },
): Promise<PruneResult> {
  const refs = (await Promise.all(CLAIM_PREFIXES.map((prefix) => reader.matching(prefix))))
    .flat()
    .flatMap((entry) => {
      const parsed = parseClaimRef(entry.ref);
      return parsed === null ? [] : [{ ...entry, task: parsed.task }];
    });
  const closed = await reader.closedIssues([...new Set(refs.map((entry) => entry.task))]);
  const cutoff = options.now.getTime() - options.olderThanMs;
  const deleted: string[] = [];
  for (const entry of refs) {
    if (!closed.has(entry.task)) continue;
    if (Date.parse(await reader.commitDate(entry.sha)) > cutoff) continue;
    const branch = entry.ref.startsWith('refs/heads/') ? entry.ref.slice('refs/heads/'.length) : null;
    if (branch !== null && (await reader.hasOpenPull(branch))) continue;
    if (!options.dryRun) await reader.delete(entry.ref);
    deleted.push(entry.ref);
  }
  return { deleted, kept: refs.length - deleted.length };
}

const AGE_UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `12h`, `7d`, `2w` in milliseconds, or null. */
export function parseAge(text: string): number | null {
  const match = /^(\d{1,6})([mhdw])$/i.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * (AGE_UNITS_MS[(match[2] as string).toLowerCase()] ?? 0);
  return ms > 0 ? ms : null;
}
