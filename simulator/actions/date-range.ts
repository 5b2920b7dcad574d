/**
 * The `created` filter of the workflow runs list, in GitHub's search syntax for dates:
 * `2026-01-01` (that day), `>2026-01-01`, `>=…`, `<…`, `<=…`, `2026-01-01..2026-01-31`, with `*`
 * for an open end, and full times (`2026-01-01T10:00:00Z`) where a date may stand.
 * https://docs.github.com/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates
 */

export class DateRangeError extends Error {}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A date or time, with the end of its span: a bare date spans its whole day (UTC). */
function instant(text: string): { start: number; end: number } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const start = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(start))
    throw new DateRangeError(`"${text}" is not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM:SSZ)`);
  return { start, end: dateOnly ? start + DAY_MS : start + 1000 };
}

/** A predicate on ISO times for a `created` value; throws DateRangeError for a malformed one. */
export function createdFilter(value: string): (time: string) => boolean {
  const text = value.trim();
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) {
    const [, from = '', to = ''] = range;
    const low = from === '*' ? -Infinity : instant(from).start;
    const high = to === '*' ? Infinity : instant(to).end;
    return (time) => Date.parse(time) >= low && Date.parse(time) < high;
  }
  const comparison = /^(>=|<=|>|<)(.+)$/.exec(text);
  if (comparison) {
    const [, operator, operand = ''] = comparison;
    const { start, end } = instant(operand);
    if (operator === '>=') return (time) => Date.parse(time) >= start;
    if (operator === '>') return (time) => Date.parse(time) >= end;
    if (operator === '<=') return (time) => Date.parse(time) < end;
    return (time) => Date.parse(time) < start;
  }
  const { start, end } = instant(text);
  return (time) => Date.parse(time) >= start && Date.parse(time) < end;
}
