// Days as `YYYY-MM-DD` (the form due dates take, never shifted by the time zone): moving by days and months,
// the week's first day for a locale, and the weeks a month shows. The calendar and the date field share them.

/** `YYYY-MM-DD` as a UTC date, so that adding days never meets a change of summer time. */
function toDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + n);
  return toDay(date);
}

/** `day` moved by `n` months, on the same day of the month or the month's last. */
export function addMonths(day: string, n: number): string {
  const date = toDate(day);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return toDay(target);
}

/** The day of the week, 1 (Monday) to 7 (Sunday), as `Intl.Locale`'s week information numbers them. */
export function isoWeekday(day: string): number {
  return toDate(day).getUTCDay() || 7;
}

interface WeekInfo {
  firstDay: number;
}
type LocaleWithWeek = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

/**
 * CLDR's first day of the week by region (`weekData`, `firstDay`), for the regions it is not Monday: Sunday (7),
 * Saturday (6), Friday (5). Every other region starts its week on Monday.
 */
const FIRST_DAY_BY_REGION: Record<string, number> = Object.fromEntries([
  ...'AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW'
    .split(' ')
    .map((region) => [region, 7] as const),
  ...'AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY'.split(' ').map((region) => [region, 6] as const),
  ['MV', 5] as const,
]);

/** The region a language without one stands for (CLDR's likely subtags), for the languages Steward ships. */
const LIKELY_REGION: Record<string, string> = { en: 'US', ro: 'RO' };

/**
 * The first day of the week in `locale`, 1 (Monday) to 7 (Sunday): the platform's `Intl.Locale` week
 * information where it has it (`getWeekInfo()`, or the older `weekInfo`), else CLDR's, from the locale's region
 * or the one its language stands for (`en` is `en-US`, `ro` is `ro-RO`): Sunday in the United States and
 * Canada, Monday in Romania and Great Britain.
 */
export function firstDayOfWeek(locale: string): number {
  let region: string | undefined;
  let language = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  try {
    const intl = new Intl.Locale(locale) as LocaleWithWeek;
    const info = typeof intl.getWeekInfo === 'function' ? intl.getWeekInfo() : intl.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay;
    region = intl.region;
    language = intl.language;
  } catch {
    // An unknown locale: read its parts by hand below.
    region = locale.split(/[-_]/)[1]?.toUpperCase();
  }
  region ??= LIKELY_REGION[language];
  return (region && FIRST_DAY_BY_REGION[region]) || 1;
}

/** The first day of the week that holds `day`, weeks starting on `firstDay` (1-7). */
export function startOfWeek(day: string, firstDay: number): string {
  const back = (isoWeekday(day) - firstDay + 7) % 7;
  return addDays(day, -back);
}

/** The seven days of the week that holds `day`. */
export function weekDays(day: string, firstDay: number): string[] {
  const start = startOfWeek(day, firstDay);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/** The month view's weeks: whole weeks from the one holding the 1st to the one holding the last day. */
export function monthWeeks(day: string, firstDay: number): string[][] {
  const first = `${day.slice(0, 7)}-01`;
  const last = addDays(addMonths(first, 1), -1);
  const weeks: string[][] = [];
  for (let start = startOfWeek(first, firstDay); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
}
