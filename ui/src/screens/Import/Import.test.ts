import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CsvPreview, ImportInfo, ImportReport } from '../../lib/api';
import { emitEvent, mockBackend, reject, type Handler } from '../../test/backend';
import { setLanguage } from '../../lib/i18n.svelte';
import Import from './Import.svelte';

const FIELDS = ['name', 'first-name', 'last-name', 'email', 'phone', 'company', 'title', 'tags', 'notes'];

const PREVIEW: CsvPreview = {
  headers: ['Full Name', 'E-mail', 'Shoe size', 'Employer'],
  suggested: ['name', 'email', null, 'company'],
  suggestedCustom: [null, null, null, null],
  sample: [
    ['Ada Lovelace', 'ada@example.com', '38', 'Analytical Engines'],
    ['Grace Hopper', 'grace@example.com', '39', 'Navy'],
  ],
  rows: 3,
  fields: FIELDS,
  encoding: 'UTF-8',
  encodingGuessed: false,
  delimiter: ',',
  skipped: [],
};

function report(patch: Partial<ImportReport> = {}): ImportReport {
  return {
    importId: 11,
    records: 3,
    created: 2,
    merged: 0,
    skipped: 1,
    leftOut: 0,
    erased: 0,
    suppressed: 0,
    restricted: 0,
    readmitted: false,
    phonesFlagged: 0,
    companiesCreated: 0,
    companiesLinked: 0,
    objections: 0,
    activitiesCreated: 0,
    rejected: 0,
    warned: 0,
    problems: [],
    problemsLeftOff: 0,
    dryRun: false,
    ...patch,
  };
}

function info(id: number, patch: Partial<ImportInfo> = {}): ImportInfo {
  return { id, format: 'csv', startedAt: '2026-03-01T09:30:00Z', created: 2, merged: 0, skipped: 1, undoneAt: null, ...patch };
}

function setup(handlers: Record<string, Handler>) {
  const calls = mockBackend({ list_imports: () => [], list_custom_fields: () => [], ...handlers });
  const onClose = vi.fn();
  render(Import, { onClose });
  return { calls, onClose, user: userEvent.setup() };
}

async function toPreview(user: ReturnType<typeof userEvent.setup>, path = '/home/ada/people.csv') {
  await user.type(screen.getByTestId('import-path'), path);
  await user.click(screen.getByTestId('import-next'));
  await screen.findByTestId('import-preview');
}

describe('Import wizard', () => {
  it('shows the guessed encoding, the delimiter and the skipped lines, and reads the file again in another encoding', async () => {
    const guessed: CsvPreview = {
      ...PREVIEW,
      headers: ['Prenume', 'Nume', 'Oraş'],
      suggested: ['first-name', 'last-name', 'city'],
      suggestedCustom: [null, null, null],
      sample: [['Ioana', 'Popescu', 'Braşov']],
      rows: 1,
      encoding: 'windows-1250',
      encodingGuessed: true,
      delimiter: ';',
      skipped: [
        { line: 3, reason: 'footer' },
        { line: 4, reason: 'footer' },
      ],
    };
    const western: CsvPreview = { ...guessed, headers: ['Prenume', 'Nume', 'Oraº'], suggested: ['first-name', 'last-name', null], encoding: 'windows-1252', encodingGuessed: false };
    const { calls, user } = setup({
      preview_csv: (args) => ((args as { encoding: string | null }).encoding === 'windows-1252' ? western : guessed),
      import_contacts: () => report(),
    });

    await toPreview(user);
    const select = screen.getByTestId<HTMLSelectElement>('import-encoding');
    expect(select.value).toBe('windows-1250');
    expect(screen.getByTestId('import-delimiter')).toHaveTextContent('Guessed from the file');
    expect(screen.getByTestId('import-delimiter')).toHaveTextContent('Cells separated by semicolons.');
    expect(screen.getByTestId('import-skipped')).toHaveTextContent(
      '2 lines are not contacts and will be skipped: lines 3, 4 (after the data: a footer or empty rows).',
    );

    await user.selectOptions(select, 'windows-1252');
    await waitFor(() => expect(screen.getByText('Oraº')).toBeInTheDocument());
    expect(screen.getByTestId('import-delimiter')).not.toHaveTextContent('Guessed');
    await user.click(screen.getByTestId('import-start'));
    await screen.findByTestId('import-result');
    const sent = calls.find((c) => c.command === 'import_contacts')?.args as { request: { encoding?: string; mapping: unknown } };
    expect(sent.request.encoding).toBe('windows-1252');
    expect(sent.request.mapping).toEqual(['first-name', 'last-name', null]);
  });

  it('previews a CSV with the suggested field preselected per column, and sends the chosen mapping and policy', async () => {
    const { calls, user } = setup({ preview_csv: () => PREVIEW, import_contacts: () => report() });

    await toPreview(user);
    const selects = screen.getAllByTestId('import-map');
    expect(selects.map((s) => s.dataset.column)).toEqual(['Full Name', 'E-mail', 'Shoe size', 'Employer']);
    expect(selects.map((s) => (s as HTMLSelectElement).value)).toEqual(['name', 'email', '', 'company']);
    expect(within(selects[2]!).getByRole('option', { name: 'Ignore' })).toBeInTheDocument();
    expect(screen.getByText('Grace Hopper')).toBeInTheDocument();

    // Employer → Ignore, Shoe size → Notes; duplicates are merged.
    await user.selectOptions(selects[3]!, 'Ignore');
    await user.selectOptions(selects[2]!, 'Notes');
    await user.selectOptions(screen.getByTestId('import-duplicates'), 'merge');
    await user.click(screen.getByTestId('import-start'));

    expect(await screen.findByTestId('import-result')).toHaveTextContent('created 2, merged 0, skipped 1 of 3 records');
    expect(calls.filter((c) => c.command !== 'list_imports' && c.command !== 'list_custom_fields')).toEqual([
      { command: 'preview_csv', args: { path: '/home/ada/people.csv', encoding: null } },
      {
        command: 'import_contacts',
        args: {
          request: {
            path: '/home/ada/people.csv',
            format: 'csv',
            mapping: ['name', 'email', 'notes', null],
            customColumns: [null, null, null, null],
            onDuplicate: 'merge',
            dryRun: false,
            readmitKnown: false,
          },
        },
      },
    ]);
  });

  it('offers the custom fields per column, preselects the one the header names, and sends them apart', async () => {
    const { calls, user } = setup({
      preview_csv: () => ({ ...PREVIEW, suggestedCustom: [null, null, 'shoe-size', null] }),
      list_custom_fields: () => [
        { id: 1, key: 'shoe-size', label: 'Shoe size', kind: 'number' },
        { id: 2, key: 'member-no', label: 'Member number', kind: 'text' },
      ],
      import_contacts: () => report(),
    });

    await toPreview(user);
    const selects = screen.getAllByTestId('import-map');
    expect(selects.map((s) => (s as HTMLSelectElement).value)).toEqual(['name', 'email', 'custom:shoe-size', 'company']);
    expect(within(selects[3]!).getByRole('option', { name: 'Custom: Member number' })).toBeInTheDocument();

    await user.selectOptions(selects[3]!, 'Custom: Member number');
    await user.click(screen.getByTestId('import-start'));

    await screen.findByTestId('import-result');
    expect(calls.find((c) => c.command === 'import_contacts')?.args.request).toMatchObject({
      mapping: ['name', 'email', null, null],
      customColumns: [null, null, 'shoe-size', 'member-no'],
    });
  });

  it('runs a dry run that says what would happen and changes nothing', async () => {
    const { calls, user } = setup({
      preview_csv: () => PREVIEW,
      import_contacts: () => report({ importId: null, dryRun: true, created: 1, merged: 1, skipped: 1 }),
    });

    await toPreview(user);
    await user.click(screen.getByTestId('import-dry-run'));

    expect(await screen.findByTestId('import-dry-run-result')).toHaveTextContent(
      'A real import would have created 1, merged 1, skipped 1 of 3 records. Nothing was changed.',
    );
    expect(screen.queryByTestId('import-result')).not.toBeInTheDocument();
    expect(screen.getByTestId('import-start')).toBeEnabled();
    const request = calls.find((c) => c.command === 'import_contacts')?.args.request;
    expect(request).toMatchObject({ dryRun: true, onDuplicate: 'skip', mapping: ['name', 'email', null, 'company'] });
  });

  it('shows the progress events while the import runs', async () => {
    let finish: (r: ImportReport) => void = () => {};
    const { user } = setup({
      preview_csv: () => PREVIEW,
      import_contacts: () => new Promise<ImportReport>((resolve) => (finish = resolve)),
    });

    await toPreview(user);
    await user.click(screen.getByTestId('import-start'));
    const progress = await screen.findByTestId('import-progress');
    expect(screen.getByTestId('import-start')).toBeDisabled();

    await emitEvent('import-progress', { done: 1000, total: 3000 });
    await waitFor(() => expect(progress).toHaveAttribute('data-done', '1000'));
    expect(progress).toHaveAttribute('data-total', '3000');
    expect(progress).toHaveTextContent('Importing 1000 of 3000');
    expect(progress.querySelector('progress')).toHaveAttribute('value', '1000');

    await emitEvent('import-progress', { done: 3000, total: 3000 });
    await waitFor(() => expect(screen.getByTestId('import-progress')).toHaveAttribute('data-done', '3000'));
    finish(report({ records: 3000, created: 3000, skipped: 0 }));

    expect(await screen.findByTestId('import-result')).toHaveTextContent('created 3000');
    // The listener is gone after the import: a late event changes nothing.
    await emitEvent('import-progress', { done: 5, total: 9 });
    expect(screen.getByTestId('import-progress')).toHaveAttribute('data-done', '3000');
  });

  it('undoes the import it just ran, and refreshes the history', async () => {
    let undone = false;
    const { calls, user } = setup({
      preview_csv: () => PREVIEW,
      import_contacts: () => report(),
      undo_import: () => {
        undone = true;
        return { removed: 2, restored: 0 };
      },
      list_imports: () => [info(11, { undoneAt: undone ? '2026-03-01T10:00:00Z' : null })],
    });

    await toPreview(user);
    await user.click(screen.getByTestId('import-start'));
    await user.click(await screen.findByTestId('import-undo'));

    expect(await screen.findByTestId('import-undone')).toHaveTextContent('removed 2 contacts');
    expect(screen.queryByTestId('import-undo')).not.toBeInTheDocument();
    expect(calls.find((c) => c.command === 'undo_import')?.args).toEqual({ id: 11 });
    await waitFor(() => expect(screen.getByTestId('import-history-row')).toHaveTextContent('Undone'));
    expect(screen.queryByTestId('import-history-undo')).not.toBeInTheDocument();
  });

  it('lists past imports with Undo where they were not undone', async () => {
    const { calls, user } = setup({
      list_imports: () => [info(5), info(4, { undoneAt: '2026-02-01T10:00:00Z' }), info(3, { format: 'vcard', merged: 1 })],
      undo_import: () => ({ removed: 2, restored: 1 }),
    });

    const history = await screen.findByTestId('import-history');
    await waitFor(() => expect(within(history).getAllByTestId('import-history-row')).toHaveLength(3));
    const undoButtons = within(history).getAllByTestId('import-history-undo');
    expect(undoButtons).toHaveLength(2);
    await user.click(undoButtons[1]!);

    expect(await within(history).findByText(/removed 2 contacts, restored 1 merged contact/)).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'undo_import')?.args).toEqual({ id: 3 });
  });

  it('takes a vCard file straight to the options, without a column mapping', async () => {
    const { calls, user } = setup({ import_contacts: () => report({ records: 2, created: 2, skipped: 0 }) });

    await user.type(screen.getByTestId('import-path'), '/home/ada/phone.VCF');
    await user.click(screen.getByTestId('import-next'));
    expect(screen.queryByTestId('import-map')).not.toBeInTheDocument();
    const path = screen.getByText('/home/ada/phone.VCF', { selector: '.path' });
    expect(path.parentElement).toHaveTextContent('Contacts from the vCard file /home/ada/phone.VCF.');
    expect(screen.getByText('2. Options')).toBeInTheDocument();
    await user.click(screen.getByTestId('import-start'));

    expect(await screen.findByTestId('import-result')).toHaveTextContent('created 2');
    expect(calls.find((c) => c.command === 'import_contacts')?.args.request).toEqual({
      path: '/home/ada/phone.VCF',
      format: 'vcard',
      mapping: [],
      customColumns: [],
      onDuplicate: 'skip',
      dryRun: false,
      readmitKnown: false,
    });
  });

  it('shows the backend sentence for a bad line, and stays on the options', async () => {
    const sentence = 'Line 7 of the CSV file has 5 fields where the header has 4.';
    const { user } = setup({ preview_csv: () => PREVIEW, import_contacts: reject('invalid_input', sentence) });

    await toPreview(user);
    await user.click(screen.getByTestId('import-start'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.getByTestId('import-start')).toBeEnabled();
    expect(screen.queryByTestId('import-result')).not.toBeInTheDocument();
  });

  it('asks for a CSV or vCard file, and fills the path from the open dialog', async () => {
    const { calls, user } = setup({ 'plugin:dialog|open': () => '/home/ada/export.csv' });

    await user.type(screen.getByTestId('import-path'), '/home/ada/notes.txt');
    await user.click(screen.getByTestId('import-next'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('CSV files (.csv) and vCard files (.vcf)');

    await user.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-path')).toHaveValue('/home/ada/export.csv'));
    const dialog = calls.find((c) => c.command === 'plugin:dialog|open');
    expect(dialog?.args.options).toMatchObject({ multiple: false, directory: false });
  });
});

describe('the import wizard in Romanian', () => {
  it('shows the steps, the preview, the mapping, the dry run and its problem rows in Romanian', async () => {
    setLanguage('ro');
    const { user } = setup({
      list_imports: () => [info(1)],
      preview_csv: () => PREVIEW,
      import_contacts: () =>
        report({
          dryRun: true,
          importId: null,
          rejected: 1,
          warned: 0,
          problems: [
            {
              place: 'line 4',
              fate: 'rejected',
              mergedInto: null,
              rejected: { code: 'no-name', params: {}, message: 'a contact needs a name' },
              warnings: [],
            },
          ],
        }),
    });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Importați contacte');
    expect(await screen.findByTestId('import-history-row')).toHaveTextContent('CSV: create 2, combinate 0, omise 1');
    expect(screen.getByTestId('import-history-row')).toHaveTextContent('01.03.2026');
    await user.type(screen.getByTestId('import-path'), '/home/ada/people.csv');
    expect(screen.getByText('Fișier CSV.')).toBeInTheDocument();
    await user.click(screen.getByTestId('import-next'));
    await screen.findByTestId('import-preview');

    expect(screen.getByText('2. Asociați coloanele')).toBeInTheDocument();
    // The count stays in bold and the path in monospace inside the Romanian sentence.
    expect(screen.getByText('3', { selector: 'strong' }).parentElement).toHaveTextContent(
      '3 rânduri în /home/ada/people.csv.',
    );
    expect(screen.getByText('/home/ada/people.csv', { selector: '.path' })).toBeInTheDocument();
    expect(screen.getByTestId('import-delimiter')).toHaveTextContent('Celule separate prin virgulă.');
    const selects = screen.getAllByTestId('import-map');
    expect(within(selects[0]!).getByRole('option', { name: 'Nume' })).toBeInTheDocument();
    expect(within(selects[2]!).getByRole('option', { name: 'Ignorați' })).toBeInTheDocument();

    await user.click(screen.getByTestId('import-dry-run'));
    expect(await screen.findByTestId('import-dry-run-result')).toHaveTextContent(
      'Un import real ar avea: create 2, combinate 0, omise 1 din 3 înregistrări. Nu s-a schimbat nimic.',
    );
    const row = screen.getByTestId('import-problem');
    expect(row).toHaveTextContent('rândul 4');
    expect(row).toHaveTextContent('Respins');
    expect(row).toHaveTextContent('un contact are nevoie de un nume');
    expect(screen.getByTestId('import-good')).toHaveTextContent('Importați 2 rânduri valide');
    expect(document.body).not.toHaveTextContent(/Choose|rows in|Dry run|line 4|needs a name/);
  });
});
