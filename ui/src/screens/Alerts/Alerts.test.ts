import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Alert, SessionInfo } from '../../lib/api';
import { formatMoment } from '../../lib/format';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, reject, sessionAs, type Handler } from '../../test/backend';
import { acknowledged, alert } from '../../test/monitor';
import Alerts from './Alerts.svelte';

const scraping = alert(5, {
  rule: 'record-scraping',
  severity: 'critical',
  user: 'grace',
  summary: '100 contacts opened within 5 minutes',
  auditSeqs: [120, 121, 122],
});
const exported = alert(3, { auditSeqs: [44] });
const roleChanged = acknowledged(
  alert(2, { rule: 'role-change', severity: 'info', summary: 'grace became a manager', auditSeqs: [30] }),
  'ann',
);

/** What list_alerts answers: the open alerts, or all of them. */
function listed(openOnly: unknown): Alert[] {
  return openOnly ? [scraping, exported] : [scraping, exported, roleChanged];
}

function setup(handlers: Record<string, Handler> = {}, session: SessionInfo = ada) {
  const calls = mockBackend({ list_alerts: ({ openOnly }) => listed(openOnly), ...handlers });
  const onOpenAudit = vi.fn();
  const onAcknowledged = vi.fn();
  render(Alerts, { session, onOpenAudit, onAcknowledged });
  return { calls, onOpenAudit, onAcknowledged, user: userEvent.setup() };
}

function row(id: number): HTMLElement {
  const found = screen.getAllByTestId('alert-row').find((r) => r.dataset.id === String(id));
  if (!found) throw new Error(`no row for alert ${id}`);
  return found;
}

describe('Alerts', () => {
  it('lists the open alerts, newest first, with when, severity, rule in words, who and what happened', async () => {
    const { calls } = setup();

    const rows = await screen.findAllByTestId('alert-row');
    expect(calls[0]).toEqual({ command: 'list_alerts', args: { openOnly: true } });
    expect(rows.map((r) => r.dataset.id)).toEqual(['5', '3']);
    expect(rows[0]).toHaveAttribute('data-rule', 'record-scraping');
    expect(rows[0]).toHaveAttribute('data-severity', 'critical');
    expect(rows[0]).toHaveAttribute('data-state', 'open');
    expect(within(rows[0]!).getByTestId('alert-severity')).toHaveTextContent('Critical');
    expect(rows[0]).toHaveTextContent('Many records opened');
    expect(rows[0]).toHaveTextContent('grace');
    expect(rows[0]).toHaveTextContent('100 contacts opened within 5 minutes');
    expect(rows[0]).toHaveTextContent(formatMoment('2026-03-01T09:30:00Z'));
    expect(rows[1]).toHaveTextContent('Bulk export');
    expect(within(rows[1]!).getByTestId('alert-severity')).toHaveClass('warning');
    expect(screen.getAllByTestId('alert-ack')).toHaveLength(2);
    expect(screen.getByTestId('alerts-show-all')).not.toBeChecked();
  });

  it('shows the acknowledged alerts too with "Show all", with who acknowledged them and when, and back', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('alert-row');

    await user.click(screen.getByTestId('alerts-show-all'));

    await waitFor(() => expect(screen.getAllByTestId('alert-row')).toHaveLength(3));
    expect(calls[1]).toEqual({ command: 'list_alerts', args: { openOnly: false } });
    const done = row(2);
    expect(done).toHaveAttribute('data-state', 'acknowledged');
    expect(done).toHaveAttribute('data-severity', 'info');
    expect(done).toHaveTextContent('Role changed');
    expect(within(done).getByTestId('alert-acknowledged')).toHaveTextContent(
      `Acknowledged by ann on ${formatMoment('2026-03-02T08:15:00Z')}.`,
    );
    expect(within(done).queryByTestId('alert-ack')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('alerts-show-all'));
    await waitFor(() => expect(screen.getAllByTestId('alert-row')).toHaveLength(2));
    expect(calls[2]).toEqual({ command: 'list_alerts', args: { openOnly: true } });
  });

  it('acknowledges an alert: the row changes in place, a notice says so and the header is told', async () => {
    const { calls, onAcknowledged, user } = setup({ ack_alert: ({ id }) => acknowledged(alert(id as number)) });
    await screen.findAllByTestId('alert-row');

    await user.click(within(row(3)).getByTestId('alert-ack'));

    expect(await screen.findByTestId('alerts-notice')).toHaveTextContent(
      'The “Bulk export” alert was acknowledged. This is recorded in the audit log.',
    );
    expect(calls.find((c) => c.command === 'ack_alert')?.args).toEqual({ id: 3 });
    expect(row(3)).toHaveAttribute('data-state', 'acknowledged');
    expect(within(row(3)).getByTestId('alert-acknowledged')).toHaveTextContent('Acknowledged by ada on');
    expect(within(row(3)).queryByTestId('alert-ack')).not.toBeInTheDocument();
    expect(row(5)).toHaveAttribute('data-state', 'open');
    expect(onAcknowledged).toHaveBeenCalledOnce();
    // Nothing was reloaded: the row stays where it was.
    expect(calls.filter((c) => c.command === 'list_alerts')).toHaveLength(1);
  });

  it('shows why an acknowledgement failed and keeps the alert open', async () => {
    const { onAcknowledged, user } = setup({
      ack_alert: reject('invalid_input', 'That alert was acknowledged already.'),
    });
    await screen.findAllByTestId('alert-row');

    await user.click(within(row(5)).getByTestId('alert-ack'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent('That alert was acknowledged already.');
    expect(row(5)).toHaveAttribute('data-state', 'open');
    expect(screen.queryByTestId('alerts-notice')).not.toBeInTheDocument();
    expect(onAcknowledged).not.toHaveBeenCalled();
  });

  it('says when there is nothing to look at, and what would raise an alert', async () => {
    const { user } = setup({ list_alerts: () => [] });

    const empty = await screen.findByTestId('alerts-empty');
    expect(empty).toHaveTextContent('No open alerts. Steward raises one when something looks wrong');
    expect(empty).toHaveTextContent('many failed unlocks, a bulk export');
    expect(screen.queryByTestId('alert-row')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('alerts-show-all'));
    await waitFor(() => expect(screen.getByTestId('alerts-empty')).toHaveTextContent('No alerts yet.'));
  });

  it('shows the backend sentence when the alerts cannot be listed', async () => {
    setup({ list_alerts: reject('permission_denied', 'Your role (manager) may not manage alerts.') });
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Your role (manager) may not manage alerts.');
    expect(screen.queryByTestId('alerts-empty')).not.toBeInTheDocument();
  });

  it('links to the audit entries behind an alert, newest first', async () => {
    const { onOpenAudit, user } = setup();
    await screen.findAllByTestId('alert-row');

    const links = within(row(5)).getAllByTestId('alert-audit-link');
    expect(links.map((l) => l.textContent)).toEqual(['Audit entry #122', 'Audit entry #121', 'Audit entry #120']);
    expect(links[0]).toHaveAttribute('data-seq', '122');

    await user.click(links[1]!);
    expect(onOpenAudit).toHaveBeenCalledWith(121);
  });

  it('shows a few links for an alert with many entries, and says how many more there are', async () => {
    const many = alert(9, { auditSeqs: Array.from({ length: 12 }, (_, i) => 200 + i) });
    setup({ list_alerts: () => [many] });

    const links = await screen.findAllByTestId('alert-audit-link');
    expect(links.map((l) => l.dataset.seq)).toEqual(['211', '210', '209', '208', '207']);
    expect(row(9)).toHaveTextContent('and 7 older entries');
  });

  it('names the audit entries without links for a role that cannot read the audit log', async () => {
    setup({}, sessionAs('admin', 'ann', 2, { permissions: ['alerts.manage'] }));
    await screen.findAllByTestId('alert-row');
    expect(screen.queryByTestId('alert-audit-link')).not.toBeInTheDocument();
    expect(row(3)).toHaveTextContent('Audit entry #44');
  });

  it('speaks Romanian: rules, severities, counts and dates in the interface language', async () => {
    setLanguage('ro');
    const many = alert(9, {
      rule: 'mass-deletion',
      severity: 'critical',
      auditSeqs: [1, 2, 3, 4, 5, 6, 7],
      summary: '7 contacts deleted within 10 minutes',
      reason: 'mass-deletion',
      params: { count: '7', minutes: '10' },
    });
    setup({ list_alerts: ({ openOnly }) => (openOnly ? [many] : [many, roleChanged]) });

    await screen.findAllByTestId('alert-row');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Alerte');
    expect(row(9)).toHaveTextContent('Ștergere în masă');
    expect(within(row(9)).getByTestId('alert-summary')).toHaveTextContent('7 contacte șterse în 10 min.');
    expect(within(row(9)).getByTestId('alert-severity')).toHaveTextContent('Critică');
    expect(row(9)).toHaveTextContent('și încă 2 intrări mai vechi');
    expect(row(9)).toHaveTextContent('01.03.2026');
    expect(within(row(9)).getByTestId('alert-ack')).toHaveTextContent('Luați la cunoștință');

    await userEvent.setup().click(screen.getByTestId('alerts-show-all'));
    await waitFor(() => expect(screen.getAllByTestId('alert-row')).toHaveLength(2));
    expect(within(row(2)).getByTestId('alert-acknowledged')).toHaveTextContent(
      /^Luată la cunoștință de ann pe 02\.03\.2026, \d\d:\d\d\.$/,
    );
    // An alert raised before alerts had a reason keeps the English sentence it was stored with.
    expect(within(row(2)).getByTestId('alert-summary')).toHaveTextContent('grace became a manager');
  });
});
