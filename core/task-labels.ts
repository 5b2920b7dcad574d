/**
 * What one issue's labels say about its task: epic, priority, size, `blocked-by:#N` links and
 * Drover's state labels. Bad labels become Problems (never an exception, never a silent default).
 */
import type { DroverConfig } from './config.js';
import { SIZE_UNITS } from './estimate.js';
import { normaliseEpic } from './normalise-epic.js';
import type { Priority, Problem } from './types.js';

export const PRIORITY_NAMES: Readonly<Record<string, Priority>> = {
  critical: 10,
  high: 7,
  normal: 5,
  low: 2,
};
export const DEFAULT_PRIORITY: Priority = PRIORITY_NAMES.normal ?? 5;

export type StateLabel = 'running' | 'review' | 'blocked' | 'failed';

export interface LabelReading {
  epic: string | null;
  priority: Priority;
  /** Units from a `size:` label, or null when there is none. */
  sizeUnits: number | null;
  /** Issue numbers from `blocked-by:#N` labels, in label order. */
  blockedBy: number[];
  stateLabels: ReadonlySet<StateLabel>;
  problems: Problem[];
}

const PREFIX = /^(epic|priority|size|blocked-by):(.*)$/i;

/** A prefixed label read: its kind (lower case) and value (trimmed). */
interface PrefixedLabel {
  kind: 'epic' | 'priority' | 'size' | 'blocked-by';
  value: string;
  /** The priority of a valid `priority:` label, the units of a valid `size:` label; otherwise null. */
  number: number | null;
}

/**
 * Prefixed labels already read, by label. A repository has few distinct labels, carried by many
 * issues: each is parsed once, not once per issue. Emptied when it gets this large (labels are
 * input, and the cache must not grow with it).
 */
const PREFIXED = new Map<string, PrefixedLabel | null>();
const MAX_PREFIXED = 10_000;

function prefixedLabel(label: string): PrefixedLabel | null {
  const known = PREFIXED.get(label);
  if (known !== undefined) return known;
  const match = PREFIX.exec(label.trim());
  const read = match === null ? null : readPrefixed((match[1] ?? '').toLowerCase(), (match[2] ?? '').trim());
  if (PREFIXED.size >= MAX_PREFIXED) PREFIXED.clear();
  PREFIXED.set(label, read);
  return read;
}

function readPrefixed(kind: string, value: string): PrefixedLabel {
  let number: number | null = null;
  if (kind === 'priority') number = parsePriority(value);
  if (kind === 'size') number = sizeUnitsOf(value.toUpperCase()) ?? null;
  return { kind: kind as PrefixedLabel['kind'], value, number };
}

/** Whether a label is one of the prefixed kinds (`epic:`, `priority:`, `size:`, `blocked-by:`). */
export function isPrefixedLabel(label: string): boolean {
  return label.includes(':') && prefixedLabel(label) !== null;
}

/** Most issues carry no state label: they share this one empty set. */
const NO_STATE_LABELS: ReadonlySet<StateLabel> = new Set();

export function readLabels(
  issue: number,
  labels: readonly string[],
  names: DroverConfig['labels'],
): LabelReading {
  const reading: LabelReading = {
    epic: null,
    priority: DEFAULT_PRIORITY,
    sizeUnits: null,
    blockedBy: [],
    stateLabels: NO_STATE_LABELS,
    problems: [],
  };
  const stateLabelOf = stateLabelReader(names);
  let stateLabels: Set<StateLabel> | null = null;
  let epics: Set<string> | null = null;
  // The first priority and size label, and any more (a list only when there are).
  let priority: PrefixedLabel | null = null;
  let size: PrefixedLabel | null = null;
  let priorities: PrefixedLabel[] | null = null;
  let sizes: PrefixedLabel[] | null = null;
  for (const label of labels) {
    const state = stateLabelOf(label);
    if (state !== undefined) (stateLabels ??= new Set()).add(state);
    // Every prefixed label has a colon: the others are not looked up.
    if (!label.includes(':')) continue;
    const read = prefixedLabel(label);
    if (read === null) continue;
    const { kind, value } = read;
    if (kind === 'epic') addEpic((epics ??= new Set()), value);
    if (kind === 'priority' && priority === null) priority = read;
    else if (kind === 'priority') (priorities ??= [priority!]).push(read);
    if (kind === 'size' && size === null) size = read;
    else if (kind === 'size') (sizes ??= [size!]).push(read);
    if (kind === 'blocked-by') readBlockedBy(issue, label, value, reading);
  }
  if (stateLabels !== null) reading.stateLabels = stateLabels;
  if (epics !== null) readEpic(issue, epics, reading);
  if (priority !== null) readPriority(issue, priorities ?? priority, reading);
  if (size !== null) readSize(issue, sizes ?? size, reading);
  return reading;
}

interface StateLabelNames {
  /** Configured names, lower case (GitHub compares label names case-insensitively). */
  byName: Map<string, StateLabel>;
  /** When every name is ASCII, 1 at their lengths: a label of another length is none of them. */
  lengths: Uint8Array | null;
}

/** Which of Drover's state labels a label is, by the configured names, if any. */
export type StateLabelReader = (label: string) => StateLabel | undefined;

const readersByConfig = new WeakMap<DroverConfig['labels'], StateLabelReader>();

/** The reader for these label names (made once per names object: it is called for every label). */
export function stateLabelReader(names: DroverConfig['labels']): StateLabelReader {
  const cached = readersByConfig.get(names);
  if (cached !== undefined) return cached;
  const { byName, lengths } = stateLabelNames(names);
  // Lower-casing every label is the cost `lengths` skips (most labels are not state labels).
  const reader: StateLabelReader = (label) =>
    lengths !== null && lengths[label.length] !== 1 ? undefined : byName.get(label.toLowerCase());
  readersByConfig.set(names, reader);
  return reader;
}

function stateLabelNames(names: DroverConfig['labels']): StateLabelNames {
  const byName = new Map<string, StateLabel>();
  // First match wins, in this order, as when each label was compared with each name in turn.
  for (const state of ['running', 'review', 'blocked', 'failed'] as const) {
    const lower = names[state].toLowerCase();
    if (!byName.has(lower)) byName.set(lower, state);
  }
  // An ASCII name matches only labels of its own length (no character lower-cases into ASCII
  // with a change of length).
  const ascii = [...byName.keys()].every((name) => /^[\x00-\x7f]*$/.test(name));
  if (!ascii) return { byName, lengths: null };
  const lengths = new Uint8Array(Math.max(...[...byName.keys()].map((name) => name.length)) + 1);
  for (const name of byName.keys()) lengths[name.length] = 1;
  return { byName, lengths };
}

function addEpic(epics: Set<string>, value: string): void {
  const epic = normaliseEpic(value);
  if (epic !== null) epics.add(epic);
}

function readEpic(issue: number, epics: Set<string>, reading: LabelReading): void {
  const names = [...epics].sort();
  if (names.length === 1) reading.epic = names[0] ?? null;
  if (names.length > 1) {
    reading.problems.push({
      kind: 'multiple-epics',
      issues: [issue],
      message: `#${issue} has ${names.length} epic labels (${names.map((name) => `epic:${name}`).join(', ')}); keep exactly one.`,
    });
  }
}

/** `labels`: the one priority label, or all of them. */
function readPriority(issue: number, labels: PrefixedLabel | PrefixedLabel[], reading: LabelReading): void {
  // The usual case: one valid label.
  if (!Array.isArray(labels) && labels.number !== null) {
    reading.priority = labels.number;
    return;
  }
  const values = Array.isArray(labels) ? labels.map((label) => label.value) : [labels.value];
  const distinct = values.length === 1 ? values : [...new Set(values.map((value) => value.toLowerCase()))];
  if (distinct.length > 1) {
    reading.problems.push({
      kind: 'multiple-priorities',
      issues: [issue],
      message: `#${issue} has ${distinct.length} priority labels (${distinct.map((value) => `priority:${value}`).join(', ')}); keep exactly one.`,
    });
    return;
  }
  const value = distinct[0];
  if (value === undefined) return;
  const priority = parsePriority(value);
  if (priority !== null) {
    reading.priority = priority;
    return;
  }
  reading.problems.push({
    kind: 'bad-priority',
    issues: [issue],
    message: `#${issue} has label "priority:${value.toLowerCase()}": use priority:critical, high, normal, low or a number 1..10.`,
  });
}

/** `critical|high|normal|low` or an integer 1..10 (higher runs first). */
export function parsePriority(value: string): Priority | null {
  const name = value.toLowerCase();
  // Own names only: "priority:constructor" is not a priority.
  if (Object.hasOwn(PRIORITY_NAMES, name)) return PRIORITY_NAMES[name] ?? null;
  if (!/^\d+$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 && number <= 10 ? number : null;
}

/** `labels`: the one size label, or all of them. */
function readSize(issue: number, labels: PrefixedLabel | PrefixedLabel[], reading: LabelReading): void {
  if (!Array.isArray(labels) && labels.number !== null) {
    reading.sizeUnits = labels.number;
    return;
  }
  const values = Array.isArray(labels) ? labels.map((label) => label.value) : [labels.value];
  const distinct =
    values.length === 1
      ? [values[0]!.toUpperCase()]
      : [...new Set(values.map((value) => value.toUpperCase()))];
  const units = distinct.map(sizeUnitsOf);
  if (distinct.length === 1 && units[0] !== undefined) {
    reading.sizeUnits = units[0];
    return;
  }
  if (distinct.length === 0) return;
  const why = distinct.length > 1 ? `${distinct.length} size labels` : `label "size:${values[0] ?? ''}"`;
  reading.problems.push({
    kind: 'bad-size',
    issues: [issue],
    message: `#${issue} has ${why}: use exactly one of size:S, size:M, size:L, size:XL.`,
  });
}

/** The units of a size name in upper case (own names only: "size:CONSTRUCTOR" is no size). */
function sizeUnitsOf(upper: string): number | undefined {
  return Object.hasOwn(SIZE_UNITS, upper) ? SIZE_UNITS[upper] : undefined;
}

function readBlockedBy(issue: number, label: string, value: string, reading: LabelReading): void {
  const match = /^#(\d+)$/.exec(value);
  const blocker = match === null ? 0 : Number(match[1]);
  if (blocker >= 1 && Number.isSafeInteger(blocker)) {
    reading.blockedBy.push(blocker);
    return;
  }
  const example = /^\d+$/.test(value) && Number(value) >= 1 ? `blocked-by:#${value}` : 'blocked-by:#12';
  reading.problems.push({
    kind: 'bad-blocked-by',
    issues: [issue],
    message: `#${issue} has label "${label}": write it as ${example} (an issue number of this repository, after #).`,
  });
}
