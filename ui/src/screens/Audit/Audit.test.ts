import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, SessionInfo } from '../../lib/api';
import { ada, auditEntry, mockBackend, reject, sessionAs, type Handler } from '../../test/backend';
import Audit from './Audit.svelte';
import { AUDIT_PAGE_SIZE, localDayStart } from './auditLog';
import { formatMoment } from '../../lib/format';
import { setLanguage } from '../../lib/i18n.svelte';

const newest: AuditEntry[] = [
  auditEntry(42, {
    action: 'contact.reveal',
    targetId: '12',
    details: JSON.stringify({ field: 'national-id', reason: 'Payroll query' }),
  }),
  auditEntry(41, {
    action: 'contact.list',
    actor: 'grace',
    actorId: 2,
    targetType: null,
    targetId: null,
    outcome: 'denied',
    details: JSON.stringify({ permission: 'contacts.read' }),
  }),
  auditEntry(40, { action: 'vault.unlock', targetType: null, targetId: null }),
];

function setup(session: SessionInfo, handlers: Record<string, Handler> = {}, focus: number | null = null) {
  const calls = mockBackend({ list_audit: () => newest, ...handlers });
  render(Audit, { session, focus });
  return { calls, user: userEvent.setup() };
}

/** list_audit over `log` (newest first), honouring beforeSeq as the core does. */
function paged(log: AuditEntry[]): Handler {
  return ({ filter }) => {
    const before = (filter as { beforeSeq: number | null }).beforeSeq;
    return log.filter((e) => before === null || e.seq < before);
  };
}

describe('Audit', () => {
  it('lists the newest entries with time, user, action, target, outcome and compact details', async () => {
    const { calls } = setup(ada);

    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map((r) => r.getAttribute('data-seq'))).toEqual(['42', '41', '40']);
    expect(rows[0]).toHaveAttribute('data-action', 'contact.reveal');
    expect(rows[0]).toHaveTextContent('contact 12');
    expect(rows[0]).toHaveTextContent('field: national-id · reason: Payroll query');
    expect(rows[0]).toHaveTextContent(formatMoment('2026-03-01T09:30:00Z'));
    expect(rows[1]).toHaveClass('denied');
    expect(within(rows[1]!).getByText('denied')).toHaveClass('denied');
    expect(rows[1]).toHaveTextContent('grace');
    expect(rows[0]).not.toHaveClass('denied');
    expect(calls[0]).toEqual({
      command: 'list_audit',
      args: {
        filter: {
          actor: null,
          action: null,
          targetType: null,
          targetId: null,
          since: null,
          until: null,
          beforeSeq: null,
          limit: AUDIT_PAGE_SIZE,
          shared: false,
        },
      },
    });
  });

  it('applies the filters: user, action from the list or typed, target and whole local days', async () => {
    const { calls, user } = setup(ada);
    await screen.findAllByTestId('audit-row');

    await user.type(screen.getByTestId('audit-filter-actor'), ' grace ');
    await user.selectOptions(screen.getByTestId('audit-filter-action'), 'contact.reveal');
    await user.type(screen.getByTestId('audit-filter-target-type'), 'contact');
    await user.type(screen.getByTestId('audit-filter-target-id'), '12');
    await user.type(screen.getByTestId('audit-filter-since'), '2026-03-01');
    await user.type(screen.getByTestId('audit-filter-until'), '2026-03-31');
    await user.click(screen.getByTestId('audit-apply'));

    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.args.filter).toEqual({
      actor: 'grace',
      action: 'contact.reveal',
      targetType: 'contact',
      targetId: '12',
      since: localDayStart('2026-03-01'),
      // The core's bound is exclusive, so "until the 31st" means before the start of April 1st.
      until: localDayStart('2026-04-01'),
      beforeSeq: null,
      limit: AUDIT_PAGE_SIZE,
      shared: false,
    });

    await user.selectOptions(screen.getByTestId('audit-filter-action'), 'Other…');
    await user.type(screen.getByTestId('audit-filter-action-text'), 'user.');
    await user.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]?.args.filter).toMatchObject({ action: 'user.' });
  });

  it("shows the team's shared chain with who sent each entry from which replica", async () => {
    const { calls, user } = setup(ada, {
      list_audit: ({ filter }) =>
        (filter as { shared: boolean }).shared
          ? [auditEntry(7, { action: 'contact.update', author: 'grace', replica: '1a2b3c4d' })]
          : newest,
    });
    await screen.findAllByTestId('audit-row');
    expect(screen.queryByTestId('audit-sent-by')).toBeNull();

    await user.click(screen.getByTestId('audit-filter-shared'));
    await user.click(screen.getByTestId('audit-apply'));

    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(1));
    expect(calls[1]?.args.filter).toMatchObject({ shared: true });
    expect(screen.getByTestId('audit-sent-by')).toHaveTextContent('grace 1a2b3c4d');
    expect(screen.getByRole('columnheader', { name: 'Sent by (replica)' })).toBeInTheDocument();
  });

  it('loads older entries with beforeSeq set to the smallest seq shown, with the same filter', async () => {
    const { calls, user } = setup(ada, {
      list_audit: ({ filter }) => {
        const before = (filter as { beforeSeq: number | null }).beforeSeq;
        return before === null ? newest : before === 40 ? [auditEntry(39), auditEntry(38)] : [];
      },
    });
    await screen.findAllByTestId('audit-row');
    await user.type(screen.getByTestId('audit-filter-actor'), 'ada');
    await user.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(calls).toHaveLength(2));

    // What is typed but not applied does not change the paging.
    await user.type(screen.getByTestId('audit-filter-actor'), 'x');
    await user.click(screen.getByTestId('audit-more'));

    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(5));
    expect(screen.getAllByTestId('audit-row').map((r) => r.getAttribute('data-seq'))).toEqual([
      '42',
      '41',
      '40',
      '39',
      '38',
    ]);
    expect(calls[2]?.args.filter).toMatchObject({ actor: 'ada', beforeSeq: 40, limit: AUDIT_PAGE_SIZE });
    // Fewer than a page came back, so there is nothing older.
    expect(screen.queryByTestId('audit-more')).not.toBeInTheDocument();
    expect(screen.getByTestId('audit-end')).toHaveTextContent('No older entries.');
  });

  it('shows an intact chain in a clear sentence', async () => {
    const { calls, user } = setup(ada, {
      verify_audit: () => ({ intact: true, entries: 42, firstBroken: null, problem: null }),
    });

    await user.click(screen.getByTestId('audit-verify'));

    const result = await screen.findByTestId('audit-verify-result');
    expect(result).toHaveAttribute('data-intact', 'true');
    expect(result).toHaveTextContent('Intact — 42 entries, each linked to the one before');
    expect(calls.map((c) => c.command)).toContain('verify_audit');
  });

  it('shows a tampered chain with the problem and the first broken entry', async () => {
    const { user } = setup(ada, {
      verify_audit: () => ({ intact: false, entries: 0, firstBroken: 17, problem: 'entry 17 was altered' }),
    });

    await user.click(screen.getByTestId('audit-verify'));

    const result = await screen.findByTestId('audit-verify-result');
    expect(result).toHaveAttribute('data-intact', 'false');
    expect(result).toHaveTextContent('Tampered: entry 17 was altered (first broken entry #17)');
    expect(result).toHaveClass('tampered');
  });

  it('exports the applied filter to the path chosen in the save dialog and reports the count', async () => {
    const { calls, user } = setup(ada, {
      'plugin:dialog|save': () => '/home/ada/audit.csv',
      export_audit_csv: () => 123,
    });
    await screen.findAllByTestId('audit-row');
    await user.selectOptions(screen.getByTestId('audit-filter-action'), 'contact.');
    await user.click(screen.getByTestId('audit-apply'));

    await user.click(screen.getByTestId('audit-export'));

    expect(await screen.findByText(/Exported 123 entries/)).toBeInTheDocument();
    const dialog = calls.find((c) => c.command === 'plugin:dialog|save');
    expect(dialog?.args).toMatchObject({
      options: { defaultPath: expect.stringMatching(/^steward-audit-\d{4}-\d{2}-\d{2}\.csv$/) as unknown },
    });
    expect(calls.find((c) => c.command === 'export_audit_csv')?.args).toEqual({
      filter: {
        actor: null,
        action: 'contact.',
        targetType: null,
        targetId: null,
        since: null,
        until: null,
        beforeSeq: null,
        limit: null,
        shared: false,
      },
      path: '/home/ada/audit.csv',
    });
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const { calls, user } = setup(ada, { 'plugin:dialog|save': () => null });
    await screen.findAllByTestId('audit-row');

    await user.click(screen.getByTestId('audit-export'));

    await waitFor(() => expect(calls.map((c) => c.command)).toContain('plugin:dialog|save'));
    expect(calls.some((c) => c.command === 'export_audit_csv')).toBe(false);
    expect(screen.queryByText(/Exported/)).not.toBeInTheDocument();
  });

  it('offers Export CSV only with audit.export', async () => {
    setup(sessionAs('auditor', 'aud', 4, { permissions: ['contacts.read', 'audit.read'] }));
    await screen.findAllByTestId('audit-row');
    expect(screen.getByTestId('audit-verify')).toBeInTheDocument();
    expect(screen.queryByTestId('audit-export')).not.toBeInTheDocument();
  });

  it('shows the backend sentence for a bad filter', async () => {
    const sentence = '--since must be a date (2026-11-29) or an RFC 3339 time (2026-11-29T14:00:00Z).';
    let first = true;
    const { user } = setup(ada, {
      list_audit: (args) => {
        if (first) {
          first = false;
          return newest;
        }
        return reject('invalid_input', sentence)(args);
      },
    });
    await screen.findAllByTestId('audit-row');
    await user.click(screen.getByTestId('audit-apply'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
  });

  it('starts at a focused entry, such as one behind an alert, and highlights it', async () => {
    const log = [auditEntry(44), auditEntry(43), ...newest];
    const { calls, user } = setup(ada, { list_audit: paged(log) }, 42);

    const rows = await screen.findAllByTestId('audit-row');
    expect(calls[0]?.args.filter).toMatchObject({ beforeSeq: 43, limit: AUDIT_PAGE_SIZE });
    expect(rows.map((r) => r.dataset.seq)).toEqual(['42', '41', '40']);
    expect(rows[0]).toHaveAttribute('data-focused', 'true');
    expect(rows[0]).toHaveAttribute('aria-current', 'true');
    expect(rows[1]).not.toHaveAttribute('data-focused');
    expect(screen.getByTestId('audit-focus-note')).toHaveTextContent(
      'Showing audit entry #42 and the entries before it.',
    );

    await user.click(screen.getByTestId('audit-show-newest'));

    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(5));
    expect(calls[1]?.args.filter).toMatchObject({ beforeSeq: null });
    expect(screen.queryByTestId('audit-focus-note')).not.toBeInTheDocument();
    // The entry stays highlighted among the newer ones.
    const focused = screen.getAllByTestId('audit-row').filter((r) => r.dataset.focused === 'true');
    expect(focused.map((r) => r.dataset.seq)).toEqual(['42']);
  });

  it('applies filters to the whole log again, from the newest entry', async () => {
    const { calls, user } = setup(ada, { list_audit: paged(newest) }, 41);
    await screen.findAllByTestId('audit-row');
    expect(calls[0]?.args.filter).toMatchObject({ beforeSeq: 42 });

    await user.type(screen.getByTestId('audit-filter-actor'), 'grace');
    await user.click(screen.getByTestId('audit-apply'));

    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.args.filter).toMatchObject({ actor: 'grace', beforeSeq: null });
    expect(screen.queryByTestId('audit-focus-note')).not.toBeInTheDocument();
  });

  it('says so when the focused entry is not in the log', async () => {
    setup(ada, { list_audit: paged(newest) }, 99);
    await screen.findAllByTestId('audit-row');
    expect(screen.getByTestId('audit-focus-note')).toHaveTextContent(
      'Audit entry #99 is not in the log; the entries before it are shown.',
    );
    expect(screen.getAllByTestId('audit-row').some((r) => r.dataset.focused === 'true')).toBe(false);
  });

  it('speaks Romanian: dates as dd.mm.yyyy, outcomes, groups and verdicts, with actions left as recorded', async () => {
    setLanguage('ro');
    const { user } = setup(ada, {
      verify_audit: () => ({ intact: true, entries: 20, firstBroken: null, problem: null }),
    });

    const rows = await screen.findAllByTestId('audit-row');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Jurnal de audit');
    expect(within(rows[0]!).getByText(/^01\.03\.2026, \d\d:\d\d$/)).toBeInTheDocument();
    expect(within(rows[1]!).getByText('refuzată')).toHaveClass('denied');
    expect(rows[1]).toHaveTextContent('contact.list');
    expect(screen.getByRole('option', { name: 'Orice acțiune asupra contactelor' })).toHaveValue('contact.');
    expect(screen.getByRole('columnheader', { name: 'Rezultat' })).toBeInTheDocument();

    await user.click(screen.getByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-result')).toHaveTextContent(
      'Jurnalul este intact — 20 de intrări, fiecare legată de cea dinaintea ei.',
    );
  });
});
