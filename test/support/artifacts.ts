/** Builders for an attempt's artifact (outcome.json and patch.json in a zip), as the action makes it. */
import { zipSync } from 'fflate';
import type { AttemptOutcome, AttemptPatch } from '../../core/attempt-artifact.js';

export const BASE_SHA = 'a'.repeat(40);

export function outcomeFor(
  task: number,
  attempt: number,
  status: AttemptOutcome['status'],
  reason: string | null,
): AttemptOutcome {
  return {
    version: 1,
    task,
    attempt,
    status,
    reason,
    summary: status === 'success' ? `Implemented #${task}` : null,
    agent: 'command',
    model: null,
    turns: 3,
    tokens: null,
    costUsd: 0.25,
    durationMs: 60_000,
    verify: null,
    baseSha: BASE_SHA,
    partial: status !== 'success',
  };
}

export function patchFor(task: number, path = `src/task-${task}.txt`): AttemptPatch {
  return {
    version: 1,
    mode: 'implement',
    baseSha: BASE_SHA,
    mergeParentSha: null,
    commits: [
      {
        issue: task,
        message: `Implement #${task}`,
        changes: [
          {
            action: 'write',
            path,
            mode: '100644',
            contentBase64: Buffer.from(`task ${task}\n`).toString('base64'),
          },
        ],
      },
    ],
  };
}

export function attemptZip(outcome: AttemptOutcome, patch: AttemptPatch | null): Buffer {
  const files: Record<string, Uint8Array> = { 'outcome.json': Buffer.from(JSON.stringify(outcome)) };
  if (patch) files['patch.json'] = Buffer.from(JSON.stringify(patch));
  return Buffer.from(zipSync(files));
}
