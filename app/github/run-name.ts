/**
 * The run name of an attempt's workflow run. The workflow's `run-name` renders the same text
 * from its inputs, so a dispatched run can be found by name when the dispatch response carries
 * no run id (GHES has no `return_run_details`) or when the app crashed before recording it.
 */
export function attemptRunName(task: number, attempt: number): string {
  return `drover #${task} attempt ${attempt}`;
}

const RUN_NAME_PATTERN = /^drover #(\d+) attempt (\d+)\b/;

export function parseAttemptRunName(
  name: string | null | undefined,
): { task: number; attempt: number } | null {
  const match = RUN_NAME_PATTERN.exec(name ?? '');
  if (!match) return null;
  return { task: Number(match[1]), attempt: Number(match[2]) };
}
