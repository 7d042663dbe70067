// Amounts cross IPC as integers in minor units (cents) of an ISO 4217 currency. These helpers turn them
// into text for people and back, using the currency's own number of decimals (2 for EUR, 0 for JPY).
import type { CurrencyAmount } from './api';

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

/** An amount for people, in the user's locale: "€1,234.56". An unknown code is shown after the number. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = fractionDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** Several sums in different currencies, joined with "+"; a dash when there are none. */
export function formatTotals(amounts: readonly CurrencyAmount[], locale?: string): string {
  if (amounts.length === 0) return '—';
  return amounts.map((a) => formatMoney(a.amountMinor, a.currency, locale)).join(' + ');
}

/** Adds `amountMinor` of `currency` to the per-currency sums in `totals`, keeping the first-seen order. */
export function addTo(totals: CurrencyAmount[], currency: string, amountMinor: number): void {
  const existing = totals.find((t) => t.currency === currency);
  if (existing) existing.amountMinor += amountMinor;
  else totals.push({ currency, amountMinor });
}

/**
 * Reads an amount typed in the currency's major unit ("1234.56", "1234,56" or "1 234") into minor units.
 * Returns `null` for text that is not such a number, or has more decimals than the currency allows.
 */
export function parseAmount(text: string, currency: string): number | null {
  const compact = text.replace(/[\s\u00a0']/g, '');
  if (compact === '') return 0;
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!match) return null;
  const digits = fractionDigits(currency);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
