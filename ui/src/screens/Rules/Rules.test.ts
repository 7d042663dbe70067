import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { rulesState as askRulesState, type RulesState } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { mockBackend, type Handler } from '../../test/backend';
import Rules from './Rules.svelte';
import RulesGate from './RulesGate.svelte';

const V2 = {
  version: 2,
  text: 'Export only for a named purpose.\nTell Ana at once about a lost laptop.',
  sha256: 'ab',
  setBy: 'ada',
  setAt: '2026-12-01T09:00:00Z',
};

function state(patch: Partial<RulesState> = {}): RulesState {
  return { current: V2, due: true, gating: true, acknowledgedVersion: 1, acknowledgedAt: '2026-01-05T10:00:00Z', ...patch };
}

/** A command refused as the core refuses an export before the rules are accepted. */
const refusedExport: Handler = () => {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw {
    code: 'permission_denied',
    message: 'Read and accept the company’s rules for customer data (version 2) before exporting or revealing sensitive fields.',
    reason: 'rules-not-acknowledged',
  };
};

afterEach(() => setLanguage('en'));

describe('the rules as a user meets them', () => {
  it('shows the current rules after unlocking and records the acceptance of the version shown', async () => {
    const calls = mockBackend({
      rules_state: () => state(),
      acknowledge_rules: ({ version }) => state({ due: false, acknowledgedVersion: version as number }),
    });
    let said = '';
    render(RulesGate, { onAccepted: (message: string) => (said = message) });
    const user = userEvent.setup();
    const text = await screen.findByTestId('rules-gate-text');
    expect(text).toHaveTextContent('Tell Ana at once about a lost laptop.');
    expect(screen.getByTestId('rules-gate-meta')).toHaveTextContent('Version 2, published on');
    await user.click(screen.getByTestId('rules-accept'));
    await waitFor(() => expect(screen.queryByTestId('rules-gate')).not.toBeInTheDocument());
    expect(calls.find((c) => c.command === 'acknowledge_rules')?.args).toEqual({ version: 2 });
    expect(said).toBe('Thank you: you have accepted version 2 of the rules. This is recorded in the audit log.');
  });

  it('shows nothing when nothing is due', async () => {
    const calls = mockBackend({ rules_state: () => state({ due: false, acknowledgedVersion: 2 }) });
    render(RulesGate);
    await waitFor(() => expect(calls.map((c) => c.command)).toEqual(['rules_state']));
    expect(screen.queryByTestId('rules-gate')).not.toBeInTheDocument();
  });

  it('after "Later", a refused export offers to read the rules again, in Romanian too', async () => {
    setLanguage('ro');
    mockBackend({ rules_state: () => state(), export_audit_csv: refusedExport });
    render(RulesGate);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('rules-later'));
    expect(screen.queryByTestId('rules-gate')).not.toBeInTheDocument();
    expect(screen.queryByTestId('rules-refused')).not.toBeInTheDocument();

    // Any screen's export goes through the same call path; the refusal is said in the interface language.
    const { call } = await import('../../lib/api/call');
    const { errorMessage } = await import('../../lib/api');
    const error = await call('export_audit_csv').catch((e: unknown) => e);
    expect(errorMessage(error)).toBe(
      'Citiți și acceptați regulile companiei pentru datele clienților înainte de a exporta date sau de a dezvălui câmpuri sensibile.',
    );
    const banner = await screen.findByTestId('rules-refused');
    expect(banner).toHaveTextContent('așteaptă până când acceptați regulile');
    await user.click(within(banner).getByTestId('rules-read'));
    expect(await screen.findByTestId('rules-gate-text')).toHaveTextContent('Export only for a named purpose.');
    expect(screen.getByTestId('rules-accept')).toHaveTextContent('Am citit și accept');
  });
});

describe('the owner’s rules page', () => {
  it('starts from the template when none were published, publishes it and lists who accepted', async () => {
    let published: typeof V2 | null = null;
    const calls = mockBackend({
      rules_state: () => (published ? state({ current: published, due: false }) : state({ current: null, due: false })),
      rules_status: () => [
        {
          userId: 1,
          name: 'ada',
          role: 'owner',
          version: published ? 1 : null,
          acknowledgedAt: published ? '2026-12-07T06:00:00Z' : null,
          due: false,
        },
        { userId: 2, name: 'toma', role: 'agent', version: null, acknowledgedAt: null, due: published !== null },
      ],
      rules_template: () => 'Rules for using customer data\n\n5. Incidents. Tell [the owner: name, phone, e-mail] at once.',
      set_rules: ({ text }) => {
        published = { ...V2, version: 1, text: (text as string).trim() };
        return published;
      },
    });
    render(Rules);
    const user = userEvent.setup();
    const draft = await screen.findByTestId('rules-draft');
    expect(draft).toHaveValue('Rules for using customer data\n\n5. Incidents. Tell [the owner: name, phone, e-mail] at once.');
    expect(screen.getByTestId('rules-current')).toHaveTextContent('No rules have been published yet');
    expect(screen.getByTestId('rules-status-toma')).toHaveTextContent('never');

    await user.clear(draft);
    await user.type(draft, 'Tell Ana at once.');
    await user.click(screen.getByTestId('rules-publish'));
    expect(await screen.findByTestId('rules-notice')).toHaveTextContent('Version 1 is published; everyone must accept it.');
    expect(calls.find((c) => c.command === 'set_rules')?.args).toEqual({ text: 'Tell Ana at once.' });
    expect(screen.getByTestId('rules-status-toma')).toHaveTextContent('Must accept');
    expect(screen.getByTestId('rules-status-ada')).toHaveTextContent('Up to date');
    // The same text again: nothing to publish.
    expect(screen.getByTestId('rules-publish')).toBeDisabled();
  });

  it('asks the backend for where the user stands', async () => {
    mockBackend({ rules_state: () => state({ due: false }) });
    expect((await askRulesState()).current?.version).toBe(2);
  });
});
