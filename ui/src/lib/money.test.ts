import { describe, expect, it } from 'vitest';
import { formatMoney, formatTotals, fractionDigits, parseAmount, toMajor } from './money';

describe('money', () => {
  it('knows how many decimals a currency has', () => {
    expect(fractionDigits('EUR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KWD')).toBe(3);
    expect(fractionDigits('not a code')).toBe(2);
  });

  it('formats minor units in the currency’s major unit', () => {
    expect(formatMoney(123_456, 'EUR', 'en-GB')).toBe('€1,234.56');
    expect(formatMoney(5000, 'JPY', 'en-GB')).toBe('JP¥5,000');
    expect(formatMoney(123_456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
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

  it('reads typed amounts into minor units, refusing what is not one', () => {
    expect(parseAmount('1234.56', 'EUR')).toBe(123_456);
    expect(parseAmount(' 1 234,5 ', 'EUR')).toBe(123_450);
    expect(parseAmount('7', 'EUR')).toBe(700);
    expect(parseAmount('', 'EUR')).toBe(0);
    expect(parseAmount('5000', 'JPY')).toBe(5000);
    expect(parseAmount('50.5', 'JPY')).toBeNull();
    expect(parseAmount('12.345', 'EUR')).toBeNull();
    expect(parseAmount('-5', 'EUR')).toBeNull();
    expect(parseAmount('1e3', 'EUR')).toBeNull();
  });
});
