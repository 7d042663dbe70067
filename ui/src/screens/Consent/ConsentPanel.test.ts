import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentConsent, SessionInfo } from '../../lib/api';
import { formatDay } from '../../lib/format';
import { ada, mockBackend, sessionAs, type Handler } from '../../test/backend';
import {
  consentEvent,
  consentForm,
  dsrRequest,
  erasureReport,
  noConsents,
  PURPOSES,
} from '../../test/privacy';
import { setLanguage } from '../../lib/i18n.svelte';
import ConsentPanel from './ConsentPanel.svelte';

const GRACE = { id: 2, name: 'Grace Hopper' };

function withNewsletter(patch: Partial<CurrentConsent>): CurrentConsent[] {
  return noConsents().map((c) => (c.purpose.key === 'newsletter' ? { ...c, ...patch } : c));
}

const given = withNewsletter({
  status: 'given',
  usable: true,
  leftOut: null,
  latest: consentEvent(7, { expiresAt: '2027-12-31' }),
});

function setup(handlers: Record<string, Handler>, session: SessionInfo = ada) {
  const calls = mockBackend({ current_consents: () => noConsents(), consent_history: () => [], ...handlers });
  const onErased = vi.fn();
  render(ConsentPanel, { session, contact: GRACE, onErased });
  return { calls, onErased, user: userEvent.setup() };
}

const row = (key: string) =>
  screen.getAllByTestId('consent-row').find((r) => r.dataset.purpose === key) as HTMLElement;

describe('Consent panel', () => {
  it('shows each purpose with its status, since when, until when, and whether the contact may be used', async () => {
    setup({
      current_consents: () => given,
      consent_history: () => [consentEvent(7, { expiresAt: '2027-12-31', evidence: 'Binder 3' })],
    });

    await screen.findAllByTestId('consent-row');
    expect(screen.getAllByTestId('consent-row')).toHaveLength(PURPOSES.length);
    const newsletter = row('newsletter');
    expect(newsletter).toHaveAttribute('data-status', 'given');
    expect(within(newsletter).getByTestId('consent-status')).toHaveTextContent('Given');
    expect(newsletter).toHaveTextContent(/Since .*until .*2027/);
    expect(within(newsletter).getByTestId('consent-usable')).toHaveTextContent('May be used');
    expect(within(row('profiling')).getByTestId('consent-usable')).toHaveTextContent('Not used: no consent given');
    // A purpose resting on a contract needs no consent.
    expect(within(row('service-delivery')).getByTestId('consent-usable')).toHaveTextContent('May be used');

    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-history-toggle'));
    const event = screen.getByTestId('consent-event');
    expect(event).toHaveTextContent('Newsletter');
    expect(event).toHaveTextContent('signed paper form, by ada');
    expect(event).toHaveTextContent('Binder 3');
  });

  it('withdraws a given consent in one step, saying how it arrived, and shows the new status', async () => {
    let current = given;
    const { calls, user } = setup({
      current_consents: () => current,
      withdraw_consent: () => {
        current = withNewsletter({ status: 'withdrawn', usable: false, leftOut: 'withdrawn', latest: consentEvent(8) });
        return 8;
      },
    });
    await screen.findAllByTestId('consent-row');
    // Only a given consent can be withdrawn.
    expect(screen.getAllByTestId('consent-withdraw')).toHaveLength(1);

    await user.click(within(row('newsletter')).getByTestId('consent-withdraw'));
    const form = within(row('newsletter')).getByTestId('consent-withdraw-form');
    const method = within(form).getByTestId('consent-withdraw-method');
    expect(method).toHaveValue('verbal');
    // A withdrawal never comes with an import.
    const offered = within(method)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value);
    expect(offered).toEqual(['paper-form', 'web-form', 'email', 'verbal']);
    await user.selectOptions(method, 'email');
    await user.type(within(form).getByTestId('consent-withdraw-evidence'), '  Reply of 3 May ');
    await user.click(within(form).getByTestId('consent-withdraw-confirm'));

    expect(await screen.findByTestId('consent-notice')).toHaveTextContent('Consent for Newsletter was withdrawn.');
    expect(calls.find((c) => c.command === 'withdraw_consent')?.args).toEqual({
      contactId: 2,
      purpose: 'newsletter',
      method: 'email',
      evidence: 'Reply of 3 May',
    });
    await waitFor(() => expect(row('newsletter')).toHaveAttribute('data-status', 'withdrawn'));
    expect(within(row('newsletter')).getByTestId('consent-usable')).toHaveTextContent('Not used: consent withdrawn');
    expect(screen.queryByTestId('consent-withdraw')).not.toBeInTheDocument();
    expect(screen.queryByTestId('consent-withdraw-form')).not.toBeInTheDocument();
  });

  it('withdraws as said out loud with no note by default, and a cancelled withdrawal sends nothing', async () => {
    const { calls, user } = setup({ current_consents: () => given, withdraw_consent: () => 8 });
    await user.click(await screen.findByTestId('consent-withdraw'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('consent-withdraw-form')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'withdraw_consent')).toBe(false);

    await user.click(screen.getByTestId('consent-withdraw'));
    await user.click(screen.getByTestId('consent-withdraw-confirm'));
    await screen.findByTestId('consent-notice');
    expect(calls.find((c) => c.command === 'withdraw_consent')?.args).toEqual({
      contactId: 2,
      purpose: 'newsletter',
      method: 'verbal',
      evidence: null,
    });
  });

  it('saves an evidence file from the history to the file chosen in the save dialog', async () => {
    const { calls, user } = setup({
      current_consents: () => given,
      consent_history: () => [
        consentEvent(9, { purpose: 'marketing-email' }),
        consentEvent(7, { evidenceFileName: 'signed form.pdf' }),
      ],
      'plugin:dialog|save': () => '/home/ada/grace-consent.pdf',
      save_consent_evidence: () => 5000,
    });
    await user.click(await screen.findByTestId('consent-history-toggle'));
    // Only an entry with a file offers to save it.
    expect(screen.getAllByTestId('consent-evidence-save')).toHaveLength(1);
    const save = screen.getByTestId('consent-evidence-save');
    expect(save).toHaveAccessibleName('Save the evidence file signed form.pdf');

    await user.click(save);

    expect(await screen.findByTestId('consent-notice')).toHaveTextContent(
      'The evidence file was written to /home/ada/grace-consent.pdf.',
    );
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({
      defaultPath: 'signed form.pdf',
      filters: [{ name: 'Evidence file', extensions: ['pdf'] }],
    });
    expect(calls.find((c) => c.command === 'save_consent_evidence')?.args).toEqual({
      consentId: 7,
      path: '/home/ada/grace-consent.pdf',
    });
  });

  it('saves nothing when the save dialog is cancelled', async () => {
    const { calls, user } = setup({
      consent_history: () => [consentEvent(7, { evidenceFileName: 'scan' })],
      'plugin:dialog|save': () => null,
    });
    await user.click(await screen.findByTestId('consent-history-toggle'));
    await user.click(screen.getByTestId('consent-evidence-save'));
    await waitFor(() => expect(calls.some((c) => c.command === 'plugin:dialog|save')).toBe(true));
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({ filters: [] });
    expect(calls.some((c) => c.command === 'save_consent_evidence')).toBe(false);
    expect(screen.getByTestId('consent-evidence-save')).toBeEnabled();
  });

  it('records consent given on a form version for every purpose it asks for', async () => {
    let current = noConsents();
    const { calls, user } = setup({
      current_consents: () => current,
      list_consent_forms: () => [consentForm(3, { version: 1 }), consentForm(5, { version: 2 })],
      record_consent_from_form: () => {
        current = noConsents().map((c) =>
          ['marketing-email', 'newsletter'].includes(c.purpose.key)
            ? { ...c, status: 'given' as const, usable: true, leftOut: null, latest: consentEvent(9, { formId: 5 }) }
            : c,
        );
        return [9, 10];
      },
    });
    await screen.findAllByTestId('consent-row');

    await user.click(screen.getByTestId('consent-record'));
    const form = await screen.findByTestId('consent-record-form');
    await waitFor(() => expect(within(form).getAllByRole('option', { name: /Newsletter sign-up/ })).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('consent-form-version'), 'Newsletter sign-up, version 2');
    expect(screen.getByTestId('consent-purpose')).toHaveValue('');
    expect(screen.getByTestId('consent-state-refused')).toBeDisabled();
    await user.type(screen.getByTestId('consent-evidence'), 'Signed at the fair, binder 4');
    await user.click(screen.getByTestId('consent-save'));

    expect(await screen.findByTestId('consent-notice')).toHaveTextContent(
      'Consent given on Newsletter sign-up, version 2 was recorded for 2 purposes.',
    );
    expect(calls.find((c) => c.command === 'record_consent_from_form')?.args).toEqual({
      contactId: 2,
      formId: 5,
      method: 'paper-form',
      evidence: 'Signed at the fair, binder 4',
      evidencePath: null,
      expires: null,
    });
    await waitFor(() => expect(row('newsletter')).toHaveAttribute('data-status', 'given'));
    expect(row('marketing-email')).toHaveAttribute('data-status', 'given');
    expect(row('profiling')).toHaveAttribute('data-status', 'none');
  });

  it('records a refusal for one purpose, with an evidence file from the open dialog and an expiry', async () => {
    const { calls, user } = setup({
      list_consent_forms: () => [],
      'plugin:dialog|open': () => '/home/ada/scan.pdf',
      record_consent: () => 11,
    });
    await screen.findAllByTestId('consent-row');
    await user.click(screen.getByTestId('consent-record'));
    await screen.findByTestId('consent-record-form');
    // Without a form, only the purposes that rest on consent are offered.
    expect(
      within(screen.getByTestId('consent-purpose'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Marketing e-mail', 'Newsletter', 'Phone marketing', 'Profiling']);
    await user.selectOptions(screen.getByTestId('consent-purpose'), 'Phone marketing');
    await user.click(screen.getByTestId('consent-state-refused'));
    await user.selectOptions(screen.getByTestId('consent-method'), 'verbal');
    await user.click(screen.getByTestId('consent-evidence-choose'));
    expect(await screen.findByTestId('consent-evidence-file')).toHaveTextContent('/home/ada/scan.pdf');
    await user.type(screen.getByTestId('consent-expires'), '2027-06-30');
    await user.click(screen.getByTestId('consent-save'));

    expect(await screen.findByTestId('consent-notice')).toHaveTextContent(
      'A refusal for Phone marketing was recorded.',
    );
    expect(calls.find((c) => c.command === 'record_consent')?.args).toEqual({
      contactId: 2,
      purpose: 'phone-marketing',
      consent: {
        state: 'refused',
        method: 'verbal',
        formId: null,
        evidence: null,
        evidencePath: '/home/ada/scan.pdf',
        expires: '2027-06-30',
      },
    });
  });

  it('offers neither recording nor rights to a viewer', async () => {
    setup({ current_consents: () => given }, sessionAs('viewer'));
    await screen.findAllByTestId('consent-row');
    expect(screen.queryByTestId('consent-record')).not.toBeInTheDocument();
    expect(screen.queryByTestId('consent-withdraw')).not.toBeInTheDocument();
    expect(screen.queryByTestId('rights-actions')).not.toBeInTheDocument();
  });

  it('lets an agent record consent but not act on data-subject rights', async () => {
    setup({ current_consents: () => given }, sessionAs('agent', 'bob', 3));
    await screen.findAllByTestId('consent-row');
    expect(screen.getByTestId('consent-record')).toBeInTheDocument();
    expect(screen.getByTestId('consent-withdraw')).toBeInTheDocument();
    expect(screen.queryByTestId('rights-actions')).not.toBeInTheDocument();
  });
});

describe('Data-subject rights on the contact page', () => {
  it('restricts processing, then offers to lift the restriction', async () => {
    let restricted = false;
    const { calls, user } = setup({
      current_consents: () =>
        restricted ? noConsents().map((c) => ({ ...c, usable: false, leftOut: 'restricted' as const })) : noConsents(),
      restrict_contact: () => {
        restricted = true;
        return null;
      },
    });
    await user.click(await screen.findByTestId('rights-restrict'));

    expect(await screen.findByTestId('rights-lift')).toBeInTheDocument();
    expect(screen.getByTestId('rights-notice')).toHaveTextContent('Processing of Grace Hopper is restricted');
    expect(calls.find((c) => c.command === 'restrict_contact')?.args).toEqual({ id: 2 });
    expect(within(row('service-delivery')).getByTestId('consent-usable')).toHaveTextContent(
      'Not used: processing restricted',
    );
  });

  it('records an objection to marketing', async () => {
    const { calls, user } = setup({ object_contact: () => null });
    await user.click(await screen.findByTestId('rights-object'));
    expect(await screen.findByTestId('rights-notice')).toHaveTextContent('objected to direct marketing');
    expect(calls.find((c) => c.command === 'object_contact')?.args).toEqual({ id: 2 });
  });

  it('opens a request for the contact', async () => {
    const { calls, user } = setup({ open_request: () => dsrRequest(4, { kind: 'portability', dueOn: '2026-04-02' }) });
    await user.click(await screen.findByTestId('rights-open-request'));
    await user.selectOptions(screen.getByTestId('rights-request-kind'), 'portability');
    await user.clear(screen.getByTestId('rights-request-received'));
    await user.type(screen.getByTestId('rights-request-received'), '2026-03-02');
    await user.click(screen.getByTestId('rights-request-submit'));

    expect(await screen.findByTestId('rights-notice')).toHaveTextContent(
      `Portability (Art. 20) request opened; it is due on ${formatDay('2026-04-02')}.`,
    );
    expect(calls.find((c) => c.command === 'open_request')?.args).toEqual({
      contactId: 2,
      kind: 'portability',
      receivedOn: '2026-03-02',
    });
  });

  it('exports the access package to the file chosen in the save dialog', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/grace.json',
      export_access_package: () => 2048,
    });
    await user.click(await screen.findByTestId('rights-export-package'));

    expect(await screen.findByTestId('rights-notice')).toHaveTextContent(
      'The access package was written to /home/ada/grace.json.',
    );
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({
      filters: [{ name: 'JSON file', extensions: ['json'] }],
    });
    expect(calls.find((c) => c.command === 'export_access_package')?.args).toEqual({
      contactId: 2,
      path: '/home/ada/grace.json',
    });
  });

  it('erases only after the name is typed, and shows the certificate until it is closed', async () => {
    const { calls, onErased, user } = setup({ erase_contact: () => erasureReport(2) });
    await user.click(await screen.findByTestId('rights-erase'));
    const dialog = await screen.findByTestId('erase-dialog');
    expect(within(dialog).getByTestId('erase-submit')).toBeDisabled();

    await user.type(within(dialog).getByTestId('erase-confirm-name'), 'Grace');
    expect(within(dialog).getByTestId('erase-submit')).toBeDisabled();
    await user.type(within(dialog).getByTestId('erase-confirm-name'), ' Hopper');
    await user.click(within(dialog).getByTestId('erase-submit'));

    expect(await screen.findByTestId('erase-certificate')).toHaveTextContent('Certificate of erasure');
    expect(screen.getByTestId('erase-removed')).toHaveTextContent('1 contact, 1 e-mail address, 2 consent records');
    expect(calls.find((c) => c.command === 'erase_contact')?.args).toEqual({ id: 2, confirm: true });
    expect(onErased).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('erase-close'));
    expect(onErased).toHaveBeenCalledWith(erasureReport(2));
  });

  it('cancels an erasure without calling the backend', async () => {
    const { calls, user } = setup({});
    await user.click(await screen.findByTestId('rights-erase'));
    await user.click(within(await screen.findByTestId('erase-dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('erase-dialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'erase_contact')).toBe(false);
  });
});

describe('Consent panel in Romanian', () => {
  it('shows statuses, whether the contact may be used and the history in Romanian', async () => {
    setLanguage('ro');
    setup({
      current_consents: () => given,
      consent_history: () => [consentEvent(7, { expiresAt: '2027-12-31', evidenceFileName: 'form.pdf' })],
    });
    await screen.findAllByTestId('consent-row');
    const newsletter = row('newsletter');
    expect(within(newsletter).getByTestId('consent-status')).toHaveTextContent('Dat');
    expect(newsletter).toHaveTextContent(/Din .*până la 31\.12\.2027/);
    expect(within(newsletter).getByTestId('consent-usable')).toHaveTextContent('Poate fi folosit');
    expect(within(row('profiling')).getByTestId('consent-usable')).toHaveTextContent(
      'Nu este folosit: fără consimțământ',
    );
    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-history-toggle'));
    expect(screen.getByTestId('consent-event')).toHaveTextContent(
      'dat, formular pe hârtie semnat, de ada, valabil până la 31.12.2027',
    );
    expect(screen.getByTestId('consent-event')).toHaveTextContent('(fișier: form.pdf)');
    expect(screen.getByTestId('consent-evidence-save')).toHaveAccessibleName('Salvați fișierul doveditor form.pdf');
  });
});
