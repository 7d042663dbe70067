// Dates cross IPC as `YYYY-MM-DD` (due and close dates) or RFC 3339 (moments); these show them in the
// user's locale and give up gracefully on anything else, showing the text as it came.

/** A calendar date such as a due date, e.g. "1 Mar 2026"; it is not shifted by the time zone. */
export function formatDay(value: string | null | undefined, locale?: string): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment such as when an activity happened, in local time. */
export function formatMoment(value: string | null | undefined, locale?: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A moment shown as its day only. */
export function formatMomentDay(value: string | null | undefined, locale?: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The local date today as `YYYY-MM-DD`, the form due dates take. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
