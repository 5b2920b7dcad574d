/** GitHub's `reaction-rollup`: counts per reaction content. */
export const REACTION_CONTENTS = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes',
] as const;

export function presentReactionRollup(
  url: string,
  reactions?: ReadonlyMap<string, { size: number }>,
): Record<string, unknown> {
  const counts = Object.fromEntries(REACTION_CONTENTS.map((c) => [c, reactions?.get(c)?.size ?? 0]));
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { url, total_count: total, ...counts };
}
