/**
 * `/drover run x`, `/drover run epic-x` and the label `epic:x` all name epic `x`.
 * Returns null for an empty name (a run over every task).
 */
export function normaliseEpic(name: string): string | null {
  const trimmed = name.trim().replace(/^epic[-:]/i, '');
  return trimmed === '' ? null : trimmed;
}
