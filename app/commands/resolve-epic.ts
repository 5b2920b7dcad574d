/**
 * `/drover run x`, `/drover run epic-x` and `/drover run epic:x` all name the epic of label
 * `epic:x`. An epic literally named `epic-x` is matched first, so the shorthand never hides it.
 */
import { normaliseEpic } from '../../core/normalise-epic.js';

export type EpicResolution = { kind: 'found'; epic: string } | { kind: 'unknown'; known: string[] };

export function resolveEpic(requested: string, known: string[]): EpicResolution {
  const candidates = [requested, normaliseEpic(requested)].filter((name): name is string => name !== null);
  for (const candidate of candidates) {
    const match = known.find((epic) => epic.toLowerCase() === candidate.toLowerCase());
    if (match !== undefined) return { kind: 'found', epic: match };
  }
  return { kind: 'unknown', known };
}
