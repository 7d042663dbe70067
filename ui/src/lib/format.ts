// Dates, times, numbers and money for people, in the interface language (`intlLocale()`), through `Intl`;
// and amounts typed by people back into numbers, with that language's separators. Dates cross IPC as
// `YYYY-MM-DD` (due and close dates) or RFC 3339 (moments); amounts as integers in minor units (cents) of an
// ISO 4217 currency. Each function takes an explicit locale for tests; screens leave it out.
import type { CurrencyAmount } from './api';
import { intlLocale } from './i18n.svelte';

const DAY: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** A calendar date such as a due date: `06.12.2026` in Romanian; it is not shifted by the time zone. */
export function formatDay(value: string | null | undefined, locale: string = intlLocale()): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toLocaleDateString(locale, DAY);
}

/** A `YYYY-MM-DD` day as a local date at midnight, for `Intl`; `null` for anything else. */
function localDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** A part of a written date. */
export type DayPart = 'day' | 'month' | 'year';

/**
 * How `locale` writes a date in numbers: the order of its parts and what stands between them (`06.12.2026` in
 * Romanian: day, month, year and `.`; `12/06/2026` in American English: month, day, year and `/`).
 */
export function dayPattern(locale: string = intlLocale()): { order: DayPart[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, DAY).formatToParts(new Date(2026, 11, 6));
  const order = parts
    .map((part) => part.type)
    .filter((type): type is DayPart => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((part) => part.type === 'literal')?.value ?? '/';
  return { order: order.length === 3 ? order : ['day', 'month', 'year'], separator };
}

/** Whether `day` of `month` (1-12) of `year` is a day of the calendar (31.02 is not; 29.02 only in a leap year). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/**
 * Reads a date typed by people as `YYYY-MM-DD`: in `locale`'s order (`6.12.2026` or `06.12.2026` in Romanian,
 * `12/6/2026` in American English), with `.`, `/`, `-` or spaces between the parts and a four-digit year; or as
 * `YYYY-MM-DD` itself. Returns `''` for blank text and `null` for text that is not a day of the calendar
 * (`31.02.2026`).
 */
export function parseDay(text: string, locale: string = intlLocale()): string | null {
  const compact = text.trim();
  if (compact === '') return '';
  let year: string | undefined;
  let month: string | undefined;
  let day: string | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(compact);
  if (iso) {
    [, year, month, day] = iso;
  } else {
    const pieces = compact.replace(/[.\s]+$/, '').split(/\s*[./-]\s*|\s+/);
    if (pieces.length !== 3 || !pieces.every((piece) => /^\d+$/.test(piece))) return null;
    const { order } = dayPattern(locale);
    const value = (part: DayPart) => pieces[order.indexOf(part)];
    year = value('year');
    month = value('month');
    day = value('day');
  }
  if (!year || !month || !day || !/^\d{4}$/.test(year) || month.length > 2 || day.length > 2) return null;
  if (!isCalendarDay(Number(year), Number(month), Number(day))) return null;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** A day with its weekday, for the calendar's labels: `marți, 10 martie 2026` in Romanian. */
export function formatLongDay(value: string, locale: string = intlLocale()): string {
  const date = localDay(value);
  if (!date) return value;
  return date.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** A day's weekday, short (`mar.`) or long (`marți`), for the calendar's column heads. */
export function formatWeekday(value: string, style: 'short' | 'long' = 'short', locale: string = intlLocale()): string {
  const date = localDay(value);
  if (!date) return value;
  return date.toLocaleDateString(locale, { weekday: style });
}

/** The day of the month alone: `10`. */
export function formatDayOfMonth(value: string, locale: string = intlLocale()): string {
  const date = localDay(value);
  if (!date) return value;
  return date.toLocaleDateString(locale, { day: 'numeric' });
}

/** A month and its year, the month view's title: `martie 2026` in Romanian, `March 2026` in English. */
export function formatMonthYear(value: string, locale: string = intlLocale()): string {
  const date = localDay(value);
  if (!date) return value;
  return date.toLocaleDateString(locale, { month: 'long', year: 'numeric' });
}

/** A range of days, the week view's title: `9–15 martie 2026` in Romanian, `9–15 March 2026` in English. */
export function formatDayRange(from: string, to: string, locale: string = intlLocale()): string {
  const start = localDay(from);
  const end = localDay(to);
  if (!start || !end) return `${from} – ${to}`;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }).formatRange(start, end);
}

/** A moment such as when an activity happened, in local time: `06.12.2026, 14:05` in Romanian. */
export function formatMoment(value: string | null | undefined, locale: string = intlLocale()): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale, { ...DAY, ...TIME });
}

/** A moment shown as its day only. */
export function formatMomentDay(value: string | null | undefined, locale: string = intlLocale()): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(locale, DAY);
}

/** The time of a moment only: `14:05` in Romanian. */
export function formatTime(value: string | Date, locale: string = intlLocale()): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleTimeString(locale, TIME);
}

/** A time of day kept as `HH:MM` (a task's due time), as the language writes it: `14:30`, or `2:30 PM`. */
export function formatClock(value: string | null | undefined, locale: string = intlLocale()): string {
  if (!value) return '';
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return value;
  return formatTime(new Date(2000, 0, 1, Number(match[1]), Number(match[2])), locale);
}

/** A span of minutes in days, hours and minutes: `1 hr 30 min` in English, `1 oră, 30 min.` in Romanian. */
export function formatSpan(minutes: number, locale: string = intlLocale()): string {
  const parts: string[] = [];
  const units: [number, 'day' | 'hour' | 'minute'][] = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  for (const [count, unit] of units) {
    if (count > 0) parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(count));
  }
  if (parts.length === 0) parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(0));
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}

/** The local date today as `YYYY-MM-DD`, the form due dates take. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A number for people: `1.234,5` in Romanian, `1,234.5` in English. */
export function formatNumber(value: number, locale: string = intlLocale()): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** How many decimals `currency` has; 2 for a code the platform does not know. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `minor` units of `currency` in its major unit, e.g. 123456 EUR cents → 1234.56. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** fractionDigits(currency);
}

/**
 * An amount for people: `1.234,56 lei` in Romanian, `RON 1,234.56` in English. Romanian takes the narrow
 * symbol, which is how lei are written there; an unknown code is shown after the number.
 */
export function formatMoney(minor: number, currency: string, locale: string = intlLocale()): string {
  const digits = fractionDigits(currency);
  const major = minor / 10 ** digits;
  const currencyDisplay = locale.toLowerCase().startsWith('ro') ? 'narrowSymbol' : 'symbol';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** Several sums in different currencies, joined with "+"; a dash when there are none. */
export function formatTotals(amounts: readonly CurrencyAmount[], locale: string = intlLocale()): string {
  if (amounts.length === 0) return '—';
  return amounts.map((a) => formatMoney(a.amountMinor, a.currency, locale)).join(' + ');
}

/** Adds `amountMinor` of `currency` to the per-currency sums in `totals`, keeping the first-seen order. */
export function addTo(totals: CurrencyAmount[], currency: string, amountMinor: number): void {
  const existing = totals.find((t) => t.currency === currency);
  if (existing) existing.amountMinor += amountMinor;
  else totals.push({ currency, amountMinor });
}

/** The decimal and grouping separators of `locale` (`,` and `.` in Romanian). */
export function separators(locale: string = intlLocale()): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}

/** An amount in minor units as it is typed back in `locale`, without grouping: 123456 EUR → `1234,56` in ro. */
export function amountInput(minor: number, currency: string, locale: string = intlLocale()): string {
  return String(toMajor(minor, currency)).replace('.', separators(locale).decimal);
}

/**
 * Reads an amount typed in the currency's major unit with `locale`'s separators (`1.234,56` or `1234,56` in
 * Romanian; `1,234.56` or `1234.56` in English; spaces may group digits too) into minor units. Grouping
 * separators must stand between groups of three digits. Returns `null` for text that is not such a number, or
 * has more decimals than the currency allows.
 */
export function parseAmount(text: string, currency: string, locale: string = intlLocale()): number | null {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (compact === '') return 0;
  const { decimal, group } = separators(locale);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(\\d{1,3}(?:${esc(group)}\\d{3})+|\\d+)(?:${esc(decimal)}(\\d*))?$`);
  const match = pattern.exec(compact);
  if (!match) return null;
  const digits = fractionDigits(currency);
  const whole = (match[1] ?? '0').split(group).join('');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file's size for people: `850 B`, `1,2 MB` in Romanian (powers of 1000, as file managers show them). */
export function formatSize(bytes: number, locale: string = intlLocale()): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: SIZE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
