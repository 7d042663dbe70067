import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CsvPreview, ImportReport, RowProblem } from '../../lib/api';
import { mockBackend, reject, type Handler } from '../../test/backend';
import Import from './Import.svelte';
import { fateLabel, fatesSentence, goodRows, moreProblemsSentence, problemReasons } from './importFile';

const PREVIEW: CsvPreview = {
  headers: ['Name', 'E-mail'],
  suggested: ['name', 'email'],
  suggestedCustom: [null, null],
  sample: [['Ada Lovelace', 'ada@example.com']],
  rows: 4,
  fields: ['name', 'email'],
  encoding: 'UTF-8',
  encodingGuessed: false,
  delimiter: ',',
  skipped: [],
};

const REJECTED: RowProblem = {
  place: 'line 3',
  fate: 'rejected',
  mergedInto: null,
  rejected: {
    code: 'name-too-long',
    params: { length: '301', limit: '300' },
    message: 'the name is 301 characters long; the limit is 300',
  },
  warnings: [],
};
const WARNED: RowProblem = {
  place: 'line 4',
  fate: 'created',
  mergedInto: null,
  rejected: null,
  warnings: [{ code: 'email-invalid', params: {}, message: 'an e-mail address was left out: it needs text before and after an @, without spaces' }],
};

function report(patch: Partial<ImportReport> = {}): ImportReport {
  return {
    importId: 12,
    records: 4,
    created: 3,
    merged: 0,
    skipped: 0,
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
    rejected: 1,
    warned: 1,
    problems: [REJECTED, WARNED],
    problemsLeftOff: 0,
    dryRun: false,
    ...patch,
  };
}

function setup(handlers: Record<string, Handler>) {
  const calls = mockBackend({ list_imports: () => [], list_custom_fields: () => [], preview_csv: () => PREVIEW, ...handlers });
  render(Import, { onClose: vi.fn() });
  return { calls, user: userEvent.setup() };
}

async function toPreview(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('import-path'), '/home/ada/people.csv');
  await user.click(screen.getByTestId('import-next'));
  await screen.findByTestId('import-preview');
}

describe('rows with problems', () => {
  it('the dry run shows the counts and each problem row, and offers to import the good rows', async () => {
    const { calls, user } = setup({
      import_contacts: (args) =>
        (args as { request: { dryRun: boolean } }).request.dryRun ? report({ dryRun: true, importId: null }) : report(),
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-dry-run'));
    expect(await screen.findByTestId('import-dry-run-counts')).toHaveTextContent(
      '3 to create, 0 to merge, 0 to skip, 0 left out, 1 rejected, 1 with warnings.',
    );
    const rows = within(screen.getByTestId('import-problems')).getAllByTestId('import-problem');
    expect(rows.map((r) => r.textContent)).toEqual([
      'line 3Rejectedthe name is 301 characters long; the limit is 300',
      'line 4To createan e-mail address was left out: it needs text before and after an @, without spaces',
    ]);
    expect(screen.queryByTestId('import-start')).toBeNull();
    const good = screen.getByTestId('import-good');
    expect(good).toHaveTextContent('Import 3 good rows');
    await user.click(good);
    await screen.findByTestId('import-result');
    const sent = calls.filter((c) => c.command === 'import_contacts').at(-1)?.args as {
      request: { skipRejected: boolean; dryRun: boolean };
    };
    expect(sent.request).toMatchObject({ skipRejected: true, dryRun: false });
  });

  it('offers no good rows to import when every row is rejected', async () => {
    const { user } = setup({
      import_contacts: () => report({ dryRun: true, importId: null, records: 1, created: 0, rejected: 1, warned: 0, problems: [REJECTED] }),
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-dry-run'));
    expect(await screen.findByTestId('import-good')).toBeDisabled();
  });

  it('saves the rejected rows where the user chooses, with the same request', async () => {
    const { calls, user } = setup({
      import_contacts: (args) =>
        (args as { request: { dryRun: boolean } }).request.dryRun ? report({ dryRun: true, importId: null }) : report(),
      'plugin:dialog|save': () => '/home/ada/rejected.csv',
      save_rejected_rows: () => 1,
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-dry-run'));
    await user.click(await screen.findByTestId('import-good'));
    await user.click(await screen.findByTestId('import-save-rejected'));
    expect(await screen.findByTestId('import-rejected-saved')).toHaveTextContent(
      '1 rejected row saved to /home/ada/rejected.csv, with the reason in the last column.',
    );
    const sent = calls.find((c) => c.command === 'save_rejected_rows')?.args as {
      path: string;
      request: { skipRejected: boolean; path: string; mapping: unknown };
    };
    expect(sent.path).toBe('/home/ada/rejected.csv');
    expect(sent.request).toMatchObject({ path: '/home/ada/people.csv', skipRejected: true, mapping: ['name', 'email'] });
  });

  it('suggests a name for the rejected rows in the vault’s language, without accents', async () => {
    const { calls, user } = setup({
      import_contacts: () => report(),
      get_languages: () => ({ vault: 'ro', user: 'en' }),
      'plugin:dialog|save': () => null,
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-start'));
    await user.click(await screen.findByTestId('import-save-rejected'));
    await waitFor(() => expect(calls.some((c) => c.command === 'plugin:dialog|save')).toBe(true));
    const save = calls.find((c) => c.command === 'plugin:dialog|save');
    expect((save?.args.options as { defaultPath: string }).defaultPath).toMatch(
      /^randuri-respinse-\d{4}-\d{2}-\d{2}\.csv$/,
    );
  });

  it('shows why saving failed, and saves nothing when the dialog is cancelled', async () => {
    let answer: string | null = null;
    const { calls, user } = setup({
      import_contacts: () => report(),
      'plugin:dialog|save': () => answer,
      save_rejected_rows: reject('invalid_input', '/home/ada/rejected.csv already exists; choose another name.'),
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-start'));
    await user.click(await screen.findByTestId('import-save-rejected'));
    expect(calls.some((c) => c.command === 'save_rejected_rows')).toBe(false);
    answer = '/home/ada/rejected.csv';
    await user.click(screen.getByTestId('import-save-rejected'));
    expect(await screen.findByRole('alert')).toHaveTextContent('already exists');
  });
});

describe('problem helpers', () => {
  it('words the fates, the counts and the rows left unlisted', () => {
    expect(fateLabel({ fate: 'merged', mergedInto: 7 }, false)).toBe('Merged into contact 7');
    expect(fateLabel({ fate: 'skipped', mergedInto: null }, true)).toBe('To skip as a duplicate');
    expect(fateLabel({ fate: 'left-out', mergedInto: null }, true)).toBe('Left out');
    expect(fatesSentence(report())).toBe('created 3, merged 0, skipped 0, 0 left out, 1 rejected, 1 with warnings');
    expect(goodRows(report())).toBe(3);
    expect(moreProblemsSentence({ problemsLeftOff: 0 })).toBe('');
    expect(moreProblemsSentence({ problemsLeftOff: 1 })).toBe('and 1 more row with problems, not listed.');
    expect(problemReasons({ ...REJECTED, warnings: WARNED.warnings })).toHaveLength(2);
  });
});
