import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { phoneE164, phoneWarning } from './phones';

describe('phone hints', () => {
  it('warns about flagged numbers only', () => {
    expect(phoneWarning({ phone: '0723 456 789', e164: '+40723456789', flag: null })).toBeNull();
    expect(phoneWarning(undefined)).toBeNull();
    expect(phoneWarning({ phone: 'ask reception', e164: null, flag: 'unparseable' })).toContain('Not a valid number');
    expect(phoneWarning({ phone: '0723 456 789', e164: null, flag: 'no-country' })).toContain('no default country');
    expect(phoneWarning({ phone: '721123456', e164: '+40721123456', flag: 'missing-trunk-zero' })).toBe(
      'Read as +40721123456, assuming a spreadsheet dropped its leading zero.',
    );
    expect(phoneWarning({ phone: '(555) 123-4567', e164: '+15551234567', flag: 'invalid' })).toContain(
      '(read as +15551234567)',
    );
  });

  it('shows the E.164 form only beside a number written otherwise', () => {
    expect(phoneE164({ phone: '0723.456.789', e164: '+40723456789', flag: null })).toBe('+40723456789');
    expect(phoneE164({ phone: '+40 723 456 789', e164: '+40723456789', flag: null })).toBeNull();
    expect(phoneE164({ phone: '721123456', e164: '+40721123456', flag: 'missing-trunk-zero' })).toBeNull();
  });

  it('says the warnings in Romanian', () => {
    setLanguage('ro');
    expect(phoneWarning({ phone: '721123456', e164: '+40721123456', flag: 'missing-trunk-zero' })).toBe(
      'Citit ca +40721123456, presupunând că o foaie de calcul i-a pierdut zeroul de la început.',
    );
    expect(phoneWarning({ phone: '(555) 123-4567', e164: null, flag: 'invalid' })).toBe(
      'Număr nevalid: niciun număr din țara sa nu arată astfel.',
    );
  });
});
