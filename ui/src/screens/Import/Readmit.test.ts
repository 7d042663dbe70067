import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ImportReport, SessionInfo } from '../../lib/api';
import { ada, mockBackend, sessionAs, type Handler } from '../../test/backend';
import Import from './Import.svelte';
import { knownSentence } from './importFile';

function report(patch: Partial<ImportReport> = {}): ImportReport {
  return {
    importId: 11,
    records: 5,
    created: 2,
    merged: 0,
    skipped: 0,
    leftOut: 3,
    erased: 2,
    suppressed: 1,
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

function setup(handlers: Record<string, Handler>, session: SessionInfo | undefined = ada) {
  const calls = mockBackend({ list_imports: () => [], ...handlers });
  render(Import, { session, onClose: vi.fn() });
  return { calls, user: userEvent.setup() };
}

async function importVcard(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('import-path'), '/home/ada/people.vcf');
  await user.click(screen.getByTestId('import-next'));
  await user.click(await screen.findByTestId('import-start'));
}

describe('Imports and people who were erased or objected', () => {
  it('says how many records were left out and why', () => {
    expect(knownSentence(report({ leftOut: 0, erased: 0, suppressed: 0 }))).toBe('');
    expect(knownSentence(report())).toBe(
      '3 records were left out: 2 of people who were erased, 1 of people who objected to marketing.',
    );
    expect(knownSentence(report({ leftOut: 1, erased: 1, suppressed: 0, dryRun: true }))).toBe(
      '1 record would be left out: 1 of people who were erased.',
    );
    expect(knownSentence(report({ leftOut: 0, readmitted: true }))).toBe(
      '3 records (2 of people who were erased, 1 of people who objected to marketing) were let in on purpose.',
    );
    expect(knownSentence(report({ leftOut: 1, erased: 0, suppressed: 0, restricted: 1 }))).toBe(
      '1 record was left out: 1 of people whose processing is restricted.',
    );
  });

  it('tells a role that does not handle requests only how many were left out', () => {
    expect(knownSentence(report({ leftOut: 3, erased: 0, suppressed: 0, restricted: 0, dryRun: true }))).toBe(
      '3 records would be left out.',
    );
  });

  it('shows the counts and lets a rights handler import them anyway, skipping what was imported already', async () => {
    let runs = 0;
    const { calls, user } = setup({
      import_contacts: () => {
        runs++;
        return runs === 1 ? report() : report({ importId: 12, created: 3, skipped: 2, leftOut: 0, readmitted: true });
      },
    });
    await importVcard(user);

    expect(await screen.findByTestId('import-known')).toHaveTextContent('3 records were left out');
    await user.click(screen.getByTestId('import-readmit'));

    expect(await screen.findByTestId('import-result')).toHaveTextContent('created 3, merged 0, skipped 2');
    expect(screen.getByTestId('import-known')).toHaveTextContent('let in on purpose');
    expect(screen.queryByTestId('import-readmit')).not.toBeInTheDocument();
    const requests = calls.filter((c) => c.command === 'import_contacts').map((c) => c.args.request);
    expect(requests).toMatchObject([
      { readmitKnown: false, onDuplicate: 'skip', dryRun: false },
      { readmitKnown: true, onDuplicate: 'skip', dryRun: false, path: '/home/ada/people.vcf' },
    ]);
  });

  it('shows the counts without the offer to roles that do not handle data-subject requests', async () => {
    setup({ import_contacts: () => report() }, sessionAs('agent', 'bob', 3));
    await importVcard(userEvent.setup());
    expect(await screen.findByTestId('import-known')).toHaveTextContent('3 records were left out');
    expect(screen.queryByTestId('import-readmit')).not.toBeInTheDocument();
  });

  it('shows the counts of a dry run too', async () => {
    const { user } = setup({ import_contacts: () => report({ importId: null, dryRun: true }) });
    await user.type(screen.getByTestId('import-path'), '/home/ada/people.vcf');
    await user.click(screen.getByTestId('import-next'));
    await user.click(await screen.findByTestId('import-dry-run'));
    expect(await screen.findByTestId('import-dry-run-known')).toHaveTextContent('3 records would be left out');
  });
});
