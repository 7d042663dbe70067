import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentForm, SessionInfo } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, sessionAs, type Handler } from '../../test/backend';
import { consentForm, PURPOSES, purpose, purposeCounts } from '../../test/privacy';
import Consent from './Consent.svelte';
import FormPrint from './FormPrint.svelte';

const overview: Record<string, Handler> = {
  list_purposes: () => PURPOSES,
  purpose_coverage: () =>
    PURPOSES.map((p) =>
      p.key === 'newsletter'
        ? purposeCounts('newsletter', 2, { noConsent: 3, withdrawn: 1, objected: 2 })
        : purposeCounts(p.key, 0, { noConsent: 8 }),
    ),
  expiring_consents: () => [{ contactId: 5, name: 'Ada Lovelace', purpose: 'newsletter', expiresOn: '2026-03-20' }],
};

function setup(handlers: Record<string, Handler>, session: SessionInfo = ada) {
  const calls = mockBackend({ ...overview, ...handlers });
  const onOpenContact = vi.fn();
  render(Consent, { session, onOpenContact });
  return { calls, onOpenContact, user: userEvent.setup() };
}

describe('Consent screen', () => {
  it('shows the coverage of every purpose over everyone, with the left-out counts by reason', async () => {
    const { calls } = setup({});
    const rows = await screen.findAllByTestId('coverage-row');
    expect(rows).toHaveLength(PURPOSES.length);
    const newsletter = rows.find((r) => r.dataset.purpose === 'newsletter')!;
    expect(within(newsletter).getByTestId('coverage-included')).toHaveTextContent('2');
    const counts = [...newsletter.querySelectorAll('td[data-reason]')].map((td) => [
      td.getAttribute('data-reason'),
      td.textContent,
    ]);
    expect(counts).toEqual([
      ['no-consent', '3'],
      ['withdrawn', '1'],
      ['expired', '0'],
      ['restricted', '0'],
      ['objected', '2'],
    ]);
    // Counts only, asked once: showing them is not a use of any purpose.
    expect(calls.filter((c) => c.command === 'purpose_coverage')).toHaveLength(1);
    expect(calls.some((c) => c.command === 'contacts_for_purpose')).toBe(false);
  });

  it('lists the consents that expire in the next 30 days and opens their contact', async () => {
    const { calls, onOpenContact, user } = setup({});
    const row = await screen.findByTestId('expiring-row');
    expect(row).toHaveTextContent('Ada Lovelace');
    await waitFor(() => expect(row).toHaveTextContent('Newsletter'));
    expect(calls.find((c) => c.command === 'expiring_consents')?.args).toEqual({ days: 30 });
    await user.click(within(row).getByRole('button', { name: 'Ada Lovelace' }));
    expect(onOpenContact).toHaveBeenCalledWith(5);
  });

  it('creates a form, then saves a change to a version in use as the next version', async () => {
    let forms: ConsentForm[] = [];
    const { calls, user } = setup({
      // Each version records a consent as soon as it is saved, so it is in use when it is listed.
      list_consent_forms: () => forms.map((f) => ({ ...f, firstUsedAt: '2026-03-01T10:00:00Z' })),
      save_consent_form: ({ name, body, purposes }) => {
        const previous = forms.filter((f) => f.name === name);
        const version = previous.length + 1;
        const saved = consentForm(10 + version, {
          name: name as string,
          body: body as string,
          purposes: purposes as string[],
          version,
        });
        forms = [...forms, saved];
        return saved;
      },
    });
    await user.click(screen.getByTestId('consent-tab-forms'));
    expect(await screen.findByTestId('forms-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('form-new'));
    expect(screen.getByTestId('form-save-effect')).toHaveTextContent('Saving creates version 1.');
    await user.type(screen.getByTestId('form-name'), 'Events');
    await user.type(screen.getByTestId('form-body'), 'Invitations to our events.');
    // Only purposes that rest on consent can be asked for on a form.
    const boxes = screen.getAllByTestId<HTMLInputElement>('form-purpose');
    expect(boxes.map((b) => b.value)).toEqual(['marketing-email', 'newsletter', 'phone-marketing', 'profiling']);
    await user.click(boxes[1]!);
    await user.click(screen.getByTestId('form-save'));

    expect(await screen.findByTestId('forms-notice')).toHaveTextContent('Events, version 1 was saved.');
    expect(calls.find((c) => c.command === 'save_consent_form')?.args).toEqual({
      name: 'Events',
      body: 'Invitations to our events.',
      purposes: ['newsletter'],
    });

    await user.click(await screen.findByTestId('form-edit'));
    expect(screen.getByTestId('form-name')).toHaveAttribute('readonly');
    expect(screen.getByTestId('form-save-effect')).toHaveTextContent('saving creates version 2');
    await user.type(screen.getByTestId('form-body'), ' And by phone.');
    await user.click(screen.getAllByTestId('form-purpose')[2]!);
    await user.click(screen.getByTestId('form-save'));

    expect(await screen.findByTestId('forms-notice')).toHaveTextContent('Events, version 2 was saved.');
    const rows = await screen.findAllByTestId('form-row');
    expect(rows.map((r) => r.dataset.version)).toEqual(['1', '2']);
    // Only the latest version is edited; the used one stays as it was.
    expect(within(rows[0]!).queryByTestId('form-edit')).not.toBeInTheDocument();
    expect(within(rows[1]!).getByTestId('form-edit')).toBeInTheDocument();
  });

  it('shows a clean print view of a form version with its purposes and signature lines, and prints it', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const { user } = setup({ list_consent_forms: () => [consentForm(3, { version: 2 })] });
    await user.click(screen.getByTestId('consent-tab-forms'));
    await user.click(await screen.findByTestId('form-print-open'));

    const view = screen.getByTestId('form-print');
    expect(view).toHaveAttribute('data-form-id', '3');
    expect(within(view).getByRole('heading', { level: 1 })).toHaveTextContent('Newsletter sign-up');
    expect(within(view).getByTestId('form-print-version')).toHaveTextContent('Version 2');
    expect(within(view).getByTestId('form-print-body')).toHaveTextContent('I would like to receive the newsletter');
    expect(within(view).getAllByTestId('form-print-purpose').map((p) => p.textContent)).toEqual([
      expect.stringContaining('Marketing e-mail'),
      expect.stringContaining('Newsletter'),
    ]);
    expect(view).toHaveTextContent('Signature');
    expect(document.body).toHaveClass('printing-form');

    await user.click(within(view).getByTestId('form-print-print'));
    expect(print).toHaveBeenCalledOnce();
    await user.click(within(view).getByTestId('form-print-close'));
    expect(screen.queryByTestId('form-print')).not.toBeInTheDocument();
    expect(document.body).not.toHaveClass('printing-form');
    print.mockRestore();
  });

  it('prints a form in the vault’s language even when the interface is in another', async () => {
    const { user } = setup({
      list_consent_forms: () => [consentForm(3, { version: 2 })],
      get_languages: () => ({ vault: 'ro', user: 'en' }),
    });
    await user.click(screen.getByTestId('consent-tab-forms'));
    const open = await screen.findByTestId('form-print-open');
    // The tab itself stays in the interface's language.
    expect(screen.getByTestId('consent-forms')).not.toHaveTextContent('Versiunea');
    await user.click(open);
    await waitFor(() => expect(screen.getByTestId('form-print-version')).toHaveTextContent('Versiunea 2'));
    expect(screen.getByTestId('form-print').querySelector('.sheet')).toHaveAttribute('lang', 'ro');
  });

  it('lets an owner change a purpose, sending only what changed', async () => {
    let purposes = PURPOSES;
    const { calls, user } = setup({
      list_purposes: () => purposes,
      update_purpose: ({ key }) => {
        purposes = purposes.map((p) => (p.key === key ? { ...p, retentionDays: 90 } : p));
        return purposes.find((p) => p.key === key);
      },
    });
    await user.click(screen.getByTestId('consent-tab-purposes'));
    const rows = await screen.findAllByTestId('purpose-row');
    await user.click(within(rows.find((r) => r.dataset.key === 'profiling')!).getByTestId('purpose-edit'));
    await user.clear(screen.getByTestId('purpose-retention'));
    await user.type(screen.getByTestId('purpose-retention'), '90');
    await user.click(screen.getByTestId('purpose-save'));

    expect(await screen.findByTestId('purposes-notice')).toHaveTextContent('Profiling was saved.');
    expect(calls.find((c) => c.command === 'update_purpose')?.args).toEqual({
      key: 'profiling',
      patch: { retentionDays: 90 },
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('purpose-row').find((r) => r.dataset.key === 'profiling')).toHaveTextContent(
        '90 days',
      ),
    );
  });

  it('shows the purposes read-only to roles that may not manage them', async () => {
    const { user } = setup({ list_consent_forms: () => [] }, sessionAs('manager'));
    await user.click(screen.getByTestId('consent-tab-purposes'));
    await screen.findAllByTestId('purpose-row');
    expect(screen.queryByTestId('purpose-edit')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('consent-tab-forms'));
    await screen.findByTestId('forms-empty');
    expect(screen.queryByTestId('form-new')).not.toBeInTheDocument();
  });

  it('shows the processing register and exports it as Markdown', async () => {
    const { calls, user } = setup({
      processing_register: () => ({
        vaultId: 'v-123',
        controller: { name: '', address: '', email: '', phone: '', dpo: '', complete: false },
        securityMeasures: 'Encryption at rest of the whole vault.',
        entries: [
          {
            purpose: 'newsletter',
            name: 'Newsletter',
            description: 'The periodic newsletter.',
            lawfulBasis: 'consent',
            consentRequired: true,
            dataSubjects: 'customers',
            dataCategories: 'names, e-mail addresses',
            recipients: 'staff',
            retentionDays: 730,
            contactsWithBasis: 2,
          },
        ],
      }),
      'plugin:dialog|save': () => '/home/ada/register.md',
      export_register: () => 1,
    });
    await user.click(screen.getByTestId('consent-tab-register'));
    const entry = await screen.findByTestId('register-entry');
    expect(entry).toHaveTextContent('Consent (a), consent recorded for each person');
    expect(within(entry).getByTestId('register-with-basis')).toHaveTextContent('2');
    expect(screen.getByTestId('processing-register')).toHaveTextContent('Encryption at rest');
    // The controller is not filled in: the register says so plainly.
    expect(screen.getByTestId('register-controller-missing')).toHaveTextContent(
      'The controller is not filled in: the register must name who is responsible',
    );
    expect(screen.getByTestId('register-controller')).toHaveTextContent('Data protection officer None designated');

    await user.click(screen.getByTestId('register-export'));
    expect(await screen.findByTestId('register-notice')).toHaveTextContent(
      'The register (1 activity) was written to /home/ada/register.md.',
    );
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({
      filters: [{ name: 'Markdown', extensions: ['md'] }],
    });
    expect(calls.find((c) => c.command === 'export_register')?.args).toEqual({ path: '/home/ada/register.md' });
  });

  it('names the controller in the register, in Romanian too', async () => {
    const { user } = setup({
      processing_register: () => ({
        vaultId: 'v-123',
        controller: {
          name: 'Țesătoria Sibiu SRL',
          address: '',
          email: 'date@tesatoria.ro',
          phone: '',
          dpo: 'Ana Pop, dpo@tesatoria.ro',
          complete: true,
        },
        securityMeasures: 'Criptarea întregului seif.',
        entries: [],
      }),
    });
    setLanguage('ro');
    await user.click(screen.getByTestId('consent-tab-register'));
    const controller = await screen.findByTestId('register-controller');
    expect(controller).toHaveTextContent('Denumire Țesătoria Sibiu SRL');
    expect(controller).toHaveTextContent('E-mail date@tesatoria.ro');
    expect(controller).toHaveTextContent('Responsabil cu protecția datelor Ana Pop, dpo@tesatoria.ro');
    expect(controller).not.toHaveTextContent('Adresă');
    expect(screen.queryByTestId('register-controller-missing')).not.toBeInTheDocument();
  });

  it('shows the backend sentence when a purpose change is refused', async () => {
    const { user } = setup({
      list_purposes: () => [purpose('newsletter', 'Newsletter')],
      update_purpose: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: 'invalid_input', message: 'A purpose based on consent requires consent.' };
      },
    });
    await user.click(screen.getByTestId('consent-tab-purposes'));
    await user.click(await screen.findByTestId('purpose-edit'));
    await user.click(screen.getByTestId('purpose-consent-required'));
    await user.click(screen.getByTestId('purpose-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'A purpose based on consent requires consent.',
    );
  });
});

describe('Consent screen in Romanian', () => {
  it('shows the tabs, the coverage and the expiring consents in Romanian', async () => {
    setLanguage('ro');
    setup({});
    expect(await screen.findAllByTestId('coverage-row')).toHaveLength(PURPOSES.length);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Consimțământ');
    expect(screen.getByTestId('consent-tab-register')).toHaveTextContent('Registrul prelucrărilor');
    expect(screen.getByRole('columnheader', { name: 'Temei juridic' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Fără consimțământ' })).toBeInTheDocument();
    expect(screen.getByText('Consimțăminte care expiră în următoarele 30 de zile')).toBeInTheDocument();
    expect(await screen.findByTestId('expiring-row')).toHaveTextContent('20.03.2026');
    expect(document.body).not.toHaveTextContent(/Coverage|Lawful basis|expire in the next/);
  });

  it('prints the form sheet in the language it is given, whatever the interface language', () => {
    const form = consentForm(3, { version: 2, purposes: ['newsletter'] });
    render(FormPrint, { form, purposes: PURPOSES, onClose: vi.fn(), locale: 'ro' });
    const view = screen.getByTestId('form-print');
    expect(within(view).getByTestId('form-print-version')).toHaveTextContent('Versiunea 2 · referința formularului 3');
    expect(view).toHaveTextContent('Sunt de acord cu următoarele utilizări ale datelor mele cu caracter personal');
    expect(view).toHaveTextContent('Semnătura');
    expect(view).toHaveTextContent('Newsletter sign-up, versiunea 2 — păstrați această referință');
    // The purposes are printed as they were typed; the controls around the sheet stay in English.
    expect(within(view).getByTestId('form-print-purpose')).toHaveTextContent('Newsletter');
    expect(within(view).getByTestId('form-print-close')).toHaveTextContent('Close');
    expect(view.querySelector('article')).toHaveAttribute('lang', 'ro');
  });
});
