import { describe, expect, it } from 'vitest';
import {
  amountInput,
  formatClock,
  formatDay,
  formatMoment,
  formatMoney,
  formatNumber,
  formatSize,
  formatSpan,
  formatTime,
  formatTotals,
  fractionDigits,
  parseAmount,
  parseDay,
  dayPattern,
  toMajor,
} from './format';
import { setLanguage } from './i18n.svelte';

describe('dates and times', () => {
  it('shows a calendar day as dd.mm.yyyy in Romanian', () => {
    expect(formatDay('2026-12-06', 'ro-RO')).toBe('06.12.2026');
    expect(formatDay('2026-12-06', 'en-GB')).toBe('06/12/2026');
    expect(formatDay('not a date', 'ro-RO')).toBe('not a date');
    expect(formatDay(null)).toBe('');
  });

  it('shows a moment with a 24-hour time in Romanian', () => {
    const local = new Date(2026, 11, 6, 14, 5).toISOString();
    expect(formatMoment(local, 'ro-RO')).toBe('06.12.2026, 14:05');
    expect(formatTime(local, 'ro-RO')).toBe('14:05');
  });

  it('shows a task time of day and its spans in the language', () => {
    expect(formatClock('14:30', 'ro-RO')).toBe('14:30');
    expect(formatClock('09:05', 'en-US')).toBe('09:05 AM');
    expect(formatClock(null)).toBe('');
    expect(formatSpan(15, 'en-US')).toBe('15 min');
    expect(formatSpan(90, 'en-US')).toBe('1 hr 30 min');
    expect(formatSpan(1440, 'ro-RO')).toBe('1 zi');
    expect(formatSpan(90, 'ro-RO')).toBe('1 oră, 30 min.');
  });

  it('follows the interface language when no locale is given', () => {
    setLanguage('ro');
    expect(formatDay('2026-12-06')).toBe('06.12.2026');
    expect(formatMoney(123_456, 'RON')).toBe('1.234,56\u00a0lei');
    expect(parseAmount('1.234,56', 'RON')).toBe(123_456);
    setLanguage('en');
    expect(parseAmount('1,234.56', 'RON')).toBe(123_456);
  });
});

describe('numbers and money', () => {
  it('knows how many decimals a currency has', () => {
    expect(fractionDigits('EUR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KWD')).toBe(3);
    expect(fractionDigits('not a code')).toBe(2);
  });

  it('formats numbers and minor units with the locale’s separators', () => {
    expect(formatNumber(1234.5, 'ro-RO')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en-GB')).toBe('1,234.5');
    expect(formatMoney(123_456, 'RON', 'ro-RO')).toBe('1.234,56\u00a0lei');
    expect(formatMoney(123_456, 'EUR', 'ro-RO')).toBe('1.234,56\u00a0€');
    expect(formatMoney(123_456, 'EUR', 'en-GB')).toBe('€1,234.56');
    expect(formatMoney(5000, 'JPY', 'en-GB')).toBe('JP¥5,000');
    expect(formatMoney(150, 'ZZZ1', 'en-GB')).toBe('1.50 ZZZ1');
    expect(toMajor(1234, 'KWD')).toBe(1.234);
  });

  it('joins totals in several currencies', () => {
    expect(
      formatTotals(
        [
          { currency: 'EUR', amountMinor: 100 },
          { currency: 'USD', amountMinor: 250 },
        ],
        'en-GB',
      ),
    ).toBe('€1.00 + US$2.50');
    expect(formatTotals([])).toBe('—');
  });

  it('reads amounts typed with the locale’s separators into minor units', () => {
    expect(parseAmount('1.234,56', 'RON', 'ro-RO')).toBe(123_456);
    expect(parseAmount('1234,56', 'RON', 'ro-RO')).toBe(123_456);
    expect(parseAmount('1,234.56', 'RON', 'en-GB')).toBe(123_456);
    expect(parseAmount('1234.56', 'EUR', 'en-GB')).toBe(123_456);
    expect(parseAmount(' 1 234,5 ', 'EUR', 'ro-RO')).toBe(123_450);
    expect(parseAmount('1.234.567', 'EUR', 'ro-RO')).toBe(123_456_700);
    // A separator in the wrong place is a typing mistake, not a number.
    expect(parseAmount('1,234.56', 'RON', 'ro-RO')).toBeNull();
    expect(parseAmount('1.234,56', 'RON', 'en-GB')).toBeNull();
    expect(parseAmount('12.34', 'EUR', 'ro-RO')).toBeNull();
    expect(parseAmount('7', 'EUR', 'ro-RO')).toBe(700);
    expect(parseAmount('', 'EUR', 'ro-RO')).toBe(0);
    expect(parseAmount('5000', 'JPY', 'en-GB')).toBe(5000);
    expect(parseAmount('50.5', 'JPY', 'en-GB')).toBeNull();
    expect(parseAmount('12.345', 'EUR', 'en-GB')).toBeNull();
    expect(parseAmount('-5', 'EUR', 'en-GB')).toBeNull();
    expect(parseAmount('1e3', 'EUR', 'en-GB')).toBeNull();
  });

  it('writes an amount back for editing in the locale’s form', () => {
    expect(amountInput(123_450, 'EUR', 'ro-RO')).toBe('1234,5');
    expect(amountInput(123_450, 'EUR', 'en-GB')).toBe('1234.5');
    expect(amountInput(5000, 'JPY', 'ro-RO')).toBe('5000');
  });

  it('writes a file size in powers of 1000 with the language\'s separators', () => {
    expect(formatSize(850, 'en-GB')).toBe('850 byte');
    expect(formatSize(1_234_567, 'ro-RO')).toBe('1,2 MB');
    expect(formatSize(1_234_567, 'en-GB')).toBe('1.2 MB');
    expect(formatSize(3_000_000_000, 'en-GB')).toBe('3 GB');
  });
});

describe('parseDay', () => {
  it('reads a date as Romanian writes it', () => {
    expect(parseDay('06.12.2026', 'ro-RO')).toBe('2026-12-06');
    expect(parseDay('6.12.2026', 'ro-RO')).toBe('2026-12-06');
    expect(parseDay(' 6. 12. 2026. ', 'ro-RO')).toBe('2026-12-06');
  });

  it('reads a date as American English writes it, month first', () => {
    expect(parseDay('12/6/2026', 'en-US')).toBe('2026-12-06');
    expect(parseDay('12/06/2026', 'en-US')).toBe('2026-12-06');
    expect(parseDay('6/12/2026', 'en-GB')).toBe('2026-12-06');
  });

  it('reads a day typed as YYYY-MM-DD in any language', () => {
    expect(parseDay('2026-12-31', 'ro-RO')).toBe('2026-12-31');
    expect(parseDay('2026-12-31', 'en-US')).toBe('2026-12-31');
  });

  it('refuses what is not a day of the calendar', () => {
    expect(parseDay('31.02.2026', 'ro-RO')).toBeNull();
    expect(parseDay('29.02.2026', 'ro-RO')).toBeNull();
    expect(parseDay('29.02.2028', 'ro-RO')).toBe('2028-02-29');
    expect(parseDay('13/13/2026', 'en-US')).toBeNull();
    expect(parseDay('12/6/26', 'en-US')).toBeNull();
    expect(parseDay('mâine', 'ro-RO')).toBeNull();
    expect(parseDay('06.12', 'ro-RO')).toBeNull();
  });

  it('reads blank text as no date', () => {
    expect(parseDay('  ', 'ro-RO')).toBe('');
  });

  it('gives back the day formatDay shows', () => {
    for (const locale of ['ro-RO', 'en-US', 'en-GB']) {
      expect(parseDay(formatDay('2026-03-09', locale), locale)).toBe('2026-03-09');
    }
  });

  it('knows the order and separator of each language', () => {
    expect(dayPattern('ro-RO')).toEqual({ order: ['day', 'month', 'year'], separator: '.' });
    expect(dayPattern('en-US')).toEqual({ order: ['month', 'day', 'year'], separator: '/' });
  });
});
