import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ada, contactPage, contactsScreen, mockBackend, reject, sessionAs, summaries, type Handler } from '../../test/backend';
import Contacts from './Contacts.svelte';
import { setLanguage } from '../../lib/i18n.svelte';
import { formatMomentDay } from '../../lib/format';

function setup(extra: Record<string, Handler>, session = ada) {
  const calls = mockBackend({
    list_contacts: (args) => contactPage(args, 120),
    ...contactsScreen,
    ...extra,
  });
  const onImport = vi.fn();
  render(Contacts, { session, onImport });
  return { calls, onImport, user: userEvent.setup() };
}

/** The export's answer to "what for?" when no purpose is meant: every chosen contact. */
const FULL_COPY_LABEL = 'A full copy — not for contacting anyone';

const checkbox = (id: number) =>
  screen.getAllByTestId('contact-check').find((c) => c.dataset.id === String(id)) as HTMLInputElement;

describe('Contacts export', () => {
  it('exports the checked rows, from several pages, as CSV to the path chosen in the save dialog', async () => {
    const { calls, user } = setup({ 'plugin:dialog|save': () => '/home/ada/picked.csv', export_contacts: () => 3 });
    await screen.findAllByTestId('contact-row');

    await user.click(checkbox(2));
    await user.click(checkbox(5));
    await user.click(screen.getByTestId('page-next'));
    await screen.findByText('51–100 of 120');
    await user.click(checkbox(51));
    // Checking a row does not open it.
    expect(calls.some((c) => c.command === 'get_contact')).toBe(false);

    await user.click(screen.getByTestId('export-contacts'));
    expect(screen.getByTestId('export-contacts')).toHaveTextContent('Export (3)');
    expect(screen.getByTestId('export-scope-checked')).toBeChecked();
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 3 contacts to /home/ada/picked.csv.');
    const save = calls.find((c) => c.command === 'plugin:dialog|save');
    expect(save?.args.options).toMatchObject({ filters: [{ name: 'CSV file', extensions: ['csv'] }] });
    expect(calls.find((c) => c.command === 'export_contacts')?.args).toEqual({
      format: 'csv',
      ids: [2, 5, 51],
      path: '/home/ada/picked.csv',
    });
  });

  it('suggests a file name in the vault’s language, without accents, whatever the interface’s', async () => {
    const { calls, user } = setup({
      get_languages: () => ({ vault: 'ro', user: 'en' }),
      'plugin:dialog|save': () => null,
    });
    await screen.findAllByTestId('contact-row');
    await user.click(checkbox(2));
    await user.click(screen.getByTestId('export-contacts'));
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(calls.some((c) => c.command === 'plugin:dialog|save')).toBe(true));
    const save = calls.find((c) => c.command === 'plugin:dialog|save');
    expect((save?.args.options as { defaultPath: string }).defaultPath).toMatch(
      /^steward-contacte-\d{4}-\d{2}-\d{2}\.csv$/,
    );
  });

  it('exports to a typed path without opening the save dialog, and Choose… fills the field from it', async () => {
    const { calls, user } = setup({ 'plugin:dialog|save': () => '/home/ada/picked.csv', export_contacts: () => 120 });
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByTestId('export-contacts'));
    await user.click(screen.getByTestId('export-scope-all'));

    await user.type(screen.getByTestId('export-path'), '/home/ada/typed.csv');
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('to /home/ada/typed.csv.');
    expect(calls.some((c) => c.command === 'plugin:dialog|save')).toBe(false);
    expect(calls.find((c) => c.command === 'export_contacts')?.args).toMatchObject({ path: '/home/ada/typed.csv' });

    await user.click(screen.getByTestId('export-choose'));
    await waitFor(() => expect(screen.getByTestId('export-path')).toHaveValue('/home/ada/picked.csv'));
  });

  it('exports every contact as vCard when “all” is chosen, and a page checkbox checks the whole page', async () => {
    const { calls, user } = setup({ 'plugin:dialog|save': () => '/home/ada/all.vcf', export_contacts: () => 120 });
    await screen.findAllByTestId('contact-row');

    await user.click(screen.getByTestId('contact-check-all'));
    expect(screen.getAllByTestId('contact-check').every((c) => (c as HTMLInputElement).checked)).toBe(true);
    await user.click(screen.getByTestId('export-contacts'));
    expect(screen.getByTestId('export-contacts')).toHaveTextContent('Export (50)');
    await user.click(screen.getByTestId('export-format-vcard'));
    await user.click(screen.getByTestId('export-scope-all'));
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 120 contacts');
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({
      filters: [{ name: 'vCard file', extensions: ['vcf'] }],
    });
    expect(calls.find((c) => c.command === 'export_contacts')?.args).toEqual({
      format: 'vcard',
      ids: null,
      path: '/home/ada/all.vcf',
    });
  });

  it('exports the contacts of the filtered list with its filters and order', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/vip.csv',
      export_contacts_where: () => 7,
      list_contacts: ({ query }) =>
        (query as { tag: string | null } | null)?.tag === 'vip'
          ? { items: summaries(7), next: null, total: 7 }
          : contactPage({ after: null, limit: 50, count: true }, 120),
    });
    await screen.findByText('1–50 of 120');
    await user.type(screen.getByTestId('filter-tag'), 'vip{Enter}');
    await screen.findByText('1–7 of 7');

    await user.click(screen.getByTestId('export-contacts'));
    expect(screen.getByTestId('export-scope-filtered')).toBeChecked();
    expect(screen.getByTestId('export-scope-filtered').parentElement).toHaveTextContent('The 7 contacts in this list');
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 7 contacts to /home/ada/vip.csv.');
    expect(calls.find((c) => c.command === 'export_contacts_where')?.args).toEqual({
      format: 'csv',
      query: { tag: 'vip', ownerId: null, companyId: null, sort: 'name' },
      path: '/home/ada/vip.csv',
    });
    expect(calls.some((c) => c.command === 'export_contacts')).toBe(false);

    // Without the filter, the choice falls back to all contacts.
    await user.click(screen.getByTestId('filter-clear'));
    await screen.findByText('1–50 of 120');
    expect(screen.queryByTestId('export-scope-filtered')).not.toBeInTheDocument();
    expect(screen.getByTestId('export-scope-all')).toBeChecked();
  });

  it('does nothing when the save dialog is cancelled, and shows the sentence of a failed export', async () => {
    let path: string | null = null;
    const sentence = '/home/ada/old.csv already exists; choose another name.';
    const { calls, user } = setup({
      'plugin:dialog|save': () => path,
      export_contacts: reject('other', sentence),
    });
    await screen.findAllByTestId('contact-row');

    await user.click(screen.getByTestId('export-contacts'));
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(screen.getByTestId('export-save')).toBeEnabled());
    expect(calls.some((c) => c.command === 'export_contacts')).toBe(false);

    path = '/home/ada/old.csv';
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
  });

  it('offers no Export without contacts.export, but Import and row checkboxes (for changes to many) to an agent', async () => {
    const { onImport, user } = setup({}, sessionAs('agent', 'grace', 5));
    await screen.findAllByTestId('contact-row');

    expect(screen.queryByTestId('export-contacts')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('contact-check').length).toBeGreaterThan(0);
    await user.click(screen.getByTestId('import-contacts'));
    expect(onImport).toHaveBeenCalledOnce();
  });

  it('offers a viewer neither Import, Export nor the recycle bin', async () => {
    setup({}, sessionAs('viewer', 'vic', 6));
    await screen.findAllByTestId('contact-row');

    expect(screen.queryByTestId('import-contacts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('export-contacts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('recycle-bin')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contact-check')).not.toBeInTheDocument();
    expect(screen.queryByTestId('bulk-view-open')).not.toBeInTheDocument();
  });
});

describe('Recycle bin', () => {
  it('lists deleted contacts with their deleted and purge dates, and restores one', async () => {
    let restored = false;
    const { calls, user } = setup({
      list_recycle_bin: () => [
        {
          kind: 'contact',
          id: 4,
          label: 'Old Friend',
          detail: 'old@example.com',
          ownerId: 1,
          deletedAt: '2026-03-01T10:00:00Z',
          deletedBy: 'ada',
          purgeAt: '2026-03-31T10:00:00Z',
        },
      ],
      restore_record: () => {
        restored = true;
        return null;
      },
    });
    await screen.findAllByTestId('contact-row');

    await user.click(screen.getByTestId('recycle-bin'));
    const row = await screen.findByTestId('deleted-row');
    expect(row).toHaveTextContent('Old Friend');
    expect(row).toHaveTextContent(formatMomentDay('2026-03-31T10:00:00Z'));
    await user.click(screen.getByTestId('restore-contact'));

    expect(await screen.findByText('Old Friend was restored.')).toBeInTheDocument();
    expect(screen.getByTestId('recycle-bin-empty')).toBeInTheDocument();
    expect(restored).toBe(true);
    expect(calls.find((c) => c.command === 'restore_record')?.args).toEqual({ kind: 'contact', id: 4 });
    // The list is asked for again, so the restored contact shows once the bin is closed.
    expect(calls.filter((c) => c.command === 'list_contacts')).toHaveLength(2);
    await user.click(screen.getByTestId('recycle-bin-close'));
    expect(await screen.findByTestId('contacts-table')).toBeInTheDocument();
  });

  it('speaks Romanian: formats, scopes, the missing purpose, the file type and the sentences after the export', async () => {
    setLanguage('ro');
    const { calls, user } = setup({ 'plugin:dialog|save': () => '/home/ada/toate.vcf', export_contacts: () => 120 });
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByTestId('export-contacts'));

    const panel = screen.getByTestId('export-panel');
    expect(screen.getByRole('heading', { name: 'Exportați contactele' })).toBeInTheDocument();
    const label = (testId: string) => screen.getByTestId(testId).closest('label')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(label('export-format-csv')).toBe('CSV (foi de calcul)');
    expect(label('export-format-vcard')).toBe('vCard (agende de contacte)');
    expect(label('export-scope-all')).toBe('Toate cele 120 de contacte');
    expect(label('export-scope-checked')).toBe('Cele 0 contacte bifate (bifați mai întâi rânduri din listă)');
    expect(screen.getByLabelText('În ce scop?')).toBe(screen.getByTestId('export-purpose'));

    await user.click(screen.getByTestId('export-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent(
      'Alegeți pentru ce este exportul: un scop sau o copie completă, care nu este pentru a contacta pe cineva.',
    );
    await user.click(screen.getByTestId('export-format-vcard'));
    await user.selectOptions(screen.getByTestId('export-purpose'), 'O copie completă — nu pentru a contacta pe cineva');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      '120 de contacte au fost exportate în /home/ada/toate.vcf.',
    );
    expect(screen.getByTestId('export-left-out')).toHaveTextContent(
      'O copie completă: nimeni nu a fost verificat în raport cu un scop, deci nu este pentru a contacta pe cineva.',
    );
    expect(calls.find((c) => c.command === 'plugin:dialog|save')?.args.options).toMatchObject({
      filters: [{ name: 'Fișier vCard', extensions: ['vcf'] }],
    });
    expect(within(panel).getByRole('button', { name: 'Închideți' })).toBeInTheDocument();
  });
});
