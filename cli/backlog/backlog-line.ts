/**
 * One line of a backlog file in the original Drover's JSONL format:
 *   {"id":"E1","type":"epic","title":"Checkout"}
 *   {"id":"S1","type":"story","epic_id":"E1","title":"Cart","priority":"high"}
 *   {"id":"T1","type":"task","story_id":"S1","title":"Add item","description":"…","priority":7,"blocked_by":["T0"]}
 * `state: "closed"` is written by `drover export` for finished tasks and honoured on import.
 */
import { z } from 'zod';
import { NAMED_PRIORITIES, type NamedPriority } from '../labels.js';

/**
 * Ids go into an HTML comment marker and into label names (`epic:<id>`, `blocked-by:<id>`):
 * no spaces, no `<`/`>`, no control characters.
 */
const id = z
  .union([
    z
      .string()
      .trim()
      .regex(/^[^\s<>\p{Cc}]+$/u, 'must be a non-empty id without spaces, control characters or < >'),
    z.number().int().nonnegative(),
  ])
  .transform(String);

const priority = z.union([
  z.number().int().min(1).max(10),
  z.enum(Object.keys(NAMED_PRIORITIES) as [NamedPriority, ...NamedPriority[]]),
]);

const common = {
  id,
  title: z.string().trim().min(1),
  // Trailing whitespace does not survive an issue body, so it is not part of a description.
  description: z
    .string()
    .optional()
    .transform((text) => text?.trimEnd() || undefined),
};

const workItem = {
  ...common,
  epic_id: id.optional(),
  priority: priority.optional(),
  blocked_by: z
    .union([id, z.array(id)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  state: z.enum(['open', 'closed']).optional(),
};

export const backlogLineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('epic'), ...common }),
  z.strictObject({ type: z.literal('story'), ...workItem }),
  z.strictObject({ type: z.literal('task'), ...workItem, story_id: id.optional() }),
]);

export type BacklogLine = z.output<typeof backlogLineSchema>;
export type EpicLine = Extract<BacklogLine, { type: 'epic' }>;
export type StoryLine = Extract<BacklogLine, { type: 'story' }>;
export type TaskLine = Extract<BacklogLine, { type: 'task' }>;
export type WorkLine = StoryLine | TaskLine;

/** A line as it appears in the file (or as export writes it: no empty fields). */
export type BacklogRecord = z.input<typeof backlogLineSchema>;
