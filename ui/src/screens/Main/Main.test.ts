import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../lib/api';
import { language, resetLanguage } from '../../lib/i18n.svelte';
import { can } from '../../lib/permissions';
import {
  ada,
  auditEntry,
  contact,
  contactsScreen,
  boardBackend,
  deal,
  emptyDashboard,
  mockBackend,
  reject,
  sessionAs,
  STAGES,
  summaries,
} from '../../test/backend';
import { backupStatus } from '../../test/backups';
import { acknowledged, alert } from '../../test/monitor';
import Sidebar from './Sidebar.svelte';
import Main from './Main.svelte';
import { allowedPage, HOME } from './pages';

const empty = {
  dashboard: () => emptyDashboard(),
  list_contacts: () => ({ items: [], next: null, total: 0 }),
  // The dashboard's backup card, for roles that manage backups.
  backup_status: () => backupStatus(),
  // The header's alert badge, for owners and admins.
  open_alert_count: () => 0,
  // A version the start-up update check found, asked for owners and admins: none.
  update_status: () => updateStatus(null),
  // The reminders panel above every page: none due.
  list_reminders: () => [],
  // Whether the user must accept the company's rules first: none were published.
  rules_state: () => ({ current: null, due: false, gating: true, acknowledgedVersion: null, acknowledgedAt: null }),
  // The breach countdown above every page, for owners and admins: nothing undecided.
  breach_countdown: () => null,
};

function updateStatus(version: string | null) {
  return {
    currentVersion: '0.1.0',
    policy: 'at-start',
    policyFile: '/etc/steward/policy.json',
    policyInvalid: false,
    channel: 'updater',
    available: version === null ? null : { version, notes: null },
  };
}

function renderMain(session: SessionInfo) {
  const onSession = vi.fn();
  const onLocked = vi.fn();
  render(Main, { session, onSession, onLocked });
  return { onSession, onLocked, user: userEvent.setup() };
}

describe('can', () => {
  it('answers from the session’s permissions, and allows nothing while the password must change', () => {
    const session = sessionAs('auditor');
    expect(can(session, 'audit.read')).toBe(true);
    expect(can(session, 'users.read')).toBe(false);
    expect(can({ ...session, mustChangePassword: true }, 'audit.read')).toBe(false);
  });
});

describe('Main navigation', () => {
  it('opens on the dashboard and offers an owner every screen in three groups: work, privacy, administration', async () => {
    mockBackend(empty);
    renderMain(ada);

    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(screen.getByTestId('nav-dashboard')).toHaveAttribute('aria-current', 'page');
    const labels = screen.getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('nav-'));
    expect(labels.map((b) => b.textContent)).toEqual([
      'Dashboard',
      'Contacts',
      'Companies',
      'Deals',
      'Tasks',
      'Calendar',
      'Consent',
      'Privacy requests',
      'Users',
      'Audit log',
      'Alerts',
      'Access review',
      'Breaches',
      'Backups',
      'Settings',
      'Data rules',
    ]);
    const groups = within(screen.getByRole('navigation', { name: 'Main' })).getAllByText(
      /^(Work|Privacy|Administration)$/,
    );
    expect(groups.map((g) => g.textContent)).toEqual(['Work', 'Privacy', 'Administration']);
    expect(screen.getByTestId('open-search')).toBeInTheDocument();
    expect(screen.getByTestId('nav-users')).toHaveTextContent('Users');
    expect(screen.getByTestId('nav-audit')).toHaveTextContent('Audit log');
    expect(screen.getByTestId('header-user')).toHaveTextContent('ada · owner');
    expect(screen.getByTestId('change-password-link')).toBeInTheDocument();
    expect(screen.getByTestId('lock-button')).toBeInTheDocument();
  });

  it('shows neither Users, Audit log nor Settings to an agent', async () => {
    mockBackend(empty);
    renderMain(sessionAs('agent', 'grace', 5));

    expect(await screen.findByTestId('nav-contacts')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-audit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-settings')).not.toBeInTheDocument();
    // Agents record consent, but only the roles that handle data-subject requests see the register.
    expect(screen.getByTestId('nav-consent')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-privacy')).not.toBeInTheDocument();
    expect(screen.getByTestId('change-password-link')).toBeInTheDocument();
    expect(screen.getByTestId('header-user')).toHaveTextContent('grace · agent');
  });

  it('lets every role, without Settings, choose their interface language from the header', async () => {
    for (const role of ['viewer', 'auditor', 'agent', 'manager'] as const) {
      const calls = mockBackend({ ...empty, set_user_language: ({ language }) => language });
      const { user } = renderMain(sessionAs(role, 'grace', 5));
      expect(await screen.findByTestId('nav-contacts')).toBeInTheDocument();
      expect(screen.queryByTestId('nav-settings')).not.toBeInTheDocument();
      const menu = screen.getByTestId('header-language');
      expect(menu).toHaveValue('en');
      await user.selectOptions(menu, 'ro');
      // The screen switches at once, and the choice is kept for this user in the vault.
      await waitFor(() => expect(screen.getByTestId('lock-button')).toHaveTextContent('Blocați'));
      expect(calls.find((c) => c.command === 'set_user_language')?.args).toEqual({ language: 'ro' });
      expect(language()).toBe('ro');
      cleanup();
      resetLanguage();
    }
  });

  it('shows an auditor the Audit log but not Users or Settings', async () => {
    mockBackend(empty);
    renderMain(sessionAs('auditor', 'aud', 4));
    expect(await screen.findByTestId('nav-audit')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-settings')).not.toBeInTheDocument();
  });

  it('shows Settings to an admin', async () => {
    mockBackend({ ...empty, list_custom_fields: () => [] });
    const { user } = renderMain(sessionAs('admin', 'ann', 2));
    await user.click(await screen.findByTestId('nav-settings'));
    expect(await screen.findByTestId('custom-fields-empty')).toBeInTheDocument();
    expect(screen.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
  });

  it('tells an admin of a version the start-up check found, and opens Settings to install it', async () => {
    mockBackend({ ...empty, list_custom_fields: () => [], update_status: () => updateStatus('0.2.0') });
    const { user } = renderMain(sessionAs('admin', 'ann', 2));
    expect(await screen.findByTestId('update-notice')).toHaveTextContent('Steward 0.2.0 is available.');
    await user.click(screen.getByTestId('update-notice-open'));
    expect(await screen.findByTestId('updates-offer')).toHaveTextContent('Steward 0.2.0 is available. Install it now?');
    expect(screen.queryByTestId('update-notice')).toBeNull();
    // Seen in Settings, it does not come back on the other pages.
    await user.click(screen.getByTestId('nav-dashboard'));
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(screen.queryByTestId('update-notice')).toBeNull();
  });

  it('asks nothing about updates for a role that cannot open Settings', async () => {
    const calls = mockBackend(empty);
    renderMain(sessionAs('agent', 'al', 5));
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(calls.map((c) => c.command)).not.toContain('update_status');
    expect(screen.queryByTestId('update-notice')).toBeNull();
  });

  it('shows Users to a session whose permissions include users.read only', async () => {
    mockBackend(empty);
    renderMain({ ...sessionAs('viewer'), permissions: ['contacts.read', 'users.read'] });
    expect(await screen.findByTestId('nav-users')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-audit')).not.toBeInTheDocument();
  });

  it('moves between the screens', async () => {
    const calls = mockBackend({
      ...empty,
      ...contactsScreen,
      list_users: () => [],
      list_audit: () => [],
      list_companies: () => ({ items: [], next: null, total: 0 }),
      list_stages: () => [],
      ...boardBackend(() => []),
      list_tasks_page: () => ({ items: [], next: null, total: 0 }),
    });
    const { user } = renderMain(ada);

    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-companies'));
    expect(await screen.findByTestId('companies-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-deals'));
    expect(await screen.findByTestId('pipeline-board')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-tasks'));
    expect(await screen.findByTestId('tasks-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('nav-users'));
    expect(await screen.findByTestId('users-table')).toBeInTheDocument();
    expect(screen.getByTestId('nav-users')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByTestId('nav-audit'));
    expect(await screen.findByTestId('audit-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('nav-contacts'));
    expect(await screen.findByTestId('contacts-empty')).toBeInTheDocument();
    // The header's alert count and team indicator and the reminders panel ask besides each screen's own commands (see "Alerts in
    // the header" and RemindersPanel.test.ts).
    expect(
      calls
        .map((c) => c.command)
        .filter(
          (c) =>
            c !== 'open_alert_count' &&
            c !== 'update_status' &&
            c !== 'list_reminders' &&
            c !== 'rules_state' &&
            c !== 'breach_countdown' &&
            c !== 'team_status',
        ),
    ).toEqual([
      // The dashboard's backup card, then the dashboard itself.
      'backup_status',
      'dashboard',
      'list_companies',
      'list_stages',
      'pipeline_summary',
      'list_tasks_page',
      'list_users',
      'list_audit',
      // The contacts screen: its filter bar's saved views and owners, the list, and the custom fields.
      'list_views',
      'list_users',
      'list_contacts',
      'list_custom_fields',
    ]);
  });

  it('locks the vault from the header', async () => {
    const calls = mockBackend({ ...empty, lock_vault: () => null });
    const { onLocked, user } = renderMain(ada);

    await user.click(screen.getByTestId('lock-button'));

    await vi.waitFor(() => expect(onLocked).toHaveBeenCalledOnce());
    expect(calls.map((c) => c.command)).toContain('lock_vault');
  });

  it('changes the password from the header link and returns to the dashboard', async () => {
    const calls = mockBackend({
      ...empty,
      password_strength: () => ({ score: 4, acceptable: true, advice: '' }),
      change_password: () => ada,
    });
    const { onSession, user } = renderMain(ada);

    await user.click(screen.getByTestId('change-password-link'));
    await user.type(screen.getByTestId('cp-current'), 'old pass phrase');
    await user.type(screen.getByTestId('cp-new'), 'velvet cactus orbit lamp');
    await user.type(screen.getByTestId('cp-confirm'), 'velvet cactus orbit lamp');
    await waitFor(() => expect(screen.getByTestId('cp-submit')).toBeEnabled());
    await user.click(screen.getByTestId('cp-submit'));

    expect(await screen.findByText(/Your password was changed/)).toBeInTheDocument();
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(onSession).toHaveBeenCalledWith(ada);
    expect(calls.find((c) => c.command === 'change_password')?.args).toEqual({
      current: 'old pass phrase',
      new: 'velvet cactus orbit lamp',
    });
  });
});

describe('Global search', () => {
  it('opens with Ctrl+K, and a contact hit opens that contact; Escape closes it again', async () => {
    const calls = mockBackend({
      ...empty,
      ...contactsScreen,
      search: () => [{ kind: 'contact', id: 7, title: 'Contact 7', detail: null }],
      list_contacts: () => ({ items: summaries(3, 7), next: null, total: 3 }),
      get_contact: ({ id }) => contact({ id: id as number, name: `Contact ${String(id)}` }),
      list_activities: () => [],
      list_tasks_about: () => [],
    });
    const { user } = renderMain(ada);
    await screen.findByTestId('dashboard');

    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('search-input')).not.toBeInTheDocument();

    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByTestId('search-input'), 'Cont');
    await screen.findByTestId('search-result');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { name: 'Contact 7' })).toBeInTheDocument();
    expect(screen.queryByTestId('search-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-contacts')).toHaveAttribute('aria-current', 'page');
    expect(calls.find((c) => c.command === 'get_contact')?.args).toEqual({ id: 7 });
  });

  it('opens from the header button, and a deal hit opens that deal, then the board with it highlighted', async () => {
    mockBackend({
      ...empty,
      search: () => [{ kind: 'deal', id: 2, title: 'Deal 2', detail: 'Qualified' }],
      list_stages: () => STAGES,
      ...boardBackend(() => [deal(1, 1), deal(2, 2)]),
      get_deal: () => deal(2, 2),
      list_tasks_about: () => [],
      list_activities: () => [],
    });
    const { user } = renderMain(ada);
    await screen.findByTestId('dashboard');

    await user.click(screen.getByTestId('open-search'));
    await user.type(screen.getByTestId('search-input'), 'Deal');
    await user.click(await screen.findByTestId('search-result'));

    expect(await screen.findByTestId('deal-detail')).toHaveAttribute('data-id', '2');
    expect(await screen.findByRole('heading', { name: 'Deal 2' })).toBeInTheDocument();
    await user.click(screen.getByTestId('deal-back'));
    await screen.findByTestId('pipeline-board');
    const cards = await screen.findAllByTestId('deal-card');
    expect(cards.find((c) => c.dataset.id === '2')).toHaveAttribute('data-highlighted', 'true');
    expect(cards.find((c) => c.dataset.id === '1')).not.toHaveAttribute('data-highlighted');
  });
});

describe('Alerts in the header', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an owner the number of open alerts on the Alerts button', async () => {
    const calls = mockBackend({ ...empty, open_alert_count: () => 3 });
    renderMain(ada);

    const badge = await screen.findByTestId('alerts-badge');
    expect(badge).toHaveTextContent(/^3$/);
    expect(screen.getByTestId('nav-alerts')).toHaveAccessibleName('Alerts, 3 open');
    expect(calls.find((c) => c.command === 'open_alert_count')?.args).toEqual({});
  });

  it('hides the badge when no alert is open', async () => {
    const calls = mockBackend(empty);
    renderMain(sessionAs('admin', 'ann', 2));

    await waitFor(() => expect(calls.map((c) => c.command)).toContain('open_alert_count'));
    expect(screen.getByTestId('nav-alerts')).toHaveAccessibleName('Alerts');
    expect(screen.queryByTestId('alerts-badge')).not.toBeInTheDocument();
  });

  it('neither shows Alerts nor asks for the count for roles without alerts.manage', async () => {
    for (const role of ['manager', 'agent', 'auditor', 'viewer'] as const) {
      const calls = mockBackend(empty);
      const { unmount } = render(Main, { session: sessionAs(role, 'grace', 5), onSession: vi.fn(), onLocked: vi.fn() });
      expect(await screen.findByTestId('nav-contacts')).toBeInTheDocument();
      await screen.findByTestId('dashboard');
      expect(screen.queryByTestId('nav-alerts')).not.toBeInTheDocument();
      expect(calls.map((c) => c.command)).not.toContain('open_alert_count');
      unmount();
    }
  });

  it('asks again after each navigation and after an alert is acknowledged', async () => {
    let open = [alert(5), alert(3)];
    const calls = mockBackend({
      ...empty,
      open_alert_count: () => open.length,
      list_alerts: () => open,
      ack_alert: ({ id }) => {
        const done = acknowledged(alert(id as number));
        open = open.filter((a) => Number(a.id) !== id);
        return done;
      },
    });
    const { user } = renderMain(ada);
    expect(await screen.findByTestId('alerts-badge')).toHaveTextContent('2');
    const counted = () => calls.filter((c) => c.command === 'open_alert_count').length;
    const before = counted();

    await user.click(screen.getByTestId('nav-alerts'));
    expect(screen.getByTestId('nav-alerts')).toHaveAttribute('aria-current', 'page');
    const rows = await screen.findAllByTestId('alert-row');
    await waitFor(() => expect(counted()).toBe(before + 1));

    await user.click(within(rows[1]!).getByTestId('alert-ack'));

    expect(await screen.findByTestId('alerts-notice')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('alerts-badge')).toHaveTextContent('1'));
    expect(screen.getByTestId('nav-alerts')).toHaveAccessibleName('Alerts, 1 open');
    expect(counted()).toBe(before + 2);
  });

  it('opens the audit log at an entry behind an alert, highlighted', async () => {
    const calls = mockBackend({
      ...empty,
      open_alert_count: () => 1,
      list_alerts: () => [alert(3, { auditSeqs: [41] })],
      list_audit: () => [auditEntry(41, { action: 'contact.export' }), auditEntry(40)],
    });
    const { user } = renderMain(ada);

    await user.click(await screen.findByTestId('nav-alerts'));
    await user.click(await screen.findByTestId('alert-audit-link'));

    const rows = await screen.findAllByTestId('audit-row');
    expect(screen.getByTestId('nav-audit')).toHaveAttribute('aria-current', 'page');
    expect(rows[0]).toHaveAttribute('data-focused', 'true');
    expect(rows[1]).not.toHaveAttribute('data-focused');
    expect(calls.find((c) => c.command === 'list_audit')?.args.filter).toMatchObject({ beforeSeq: 42 });
    expect(screen.getByTestId('audit-focus-note')).toHaveTextContent(
      'Showing audit entry #41 and the entries before it.',
    );
  });

  it('sends a role without alerts.manage from the Alerts page to the dashboard', () => {
    expect(allowedPage(ada, 'alerts')).toBe('alerts');
    expect(allowedPage(sessionAs('manager'), 'alerts')).toBe(HOME);
    expect(allowedPage({ ...ada, mustChangePassword: true }, 'alerts')).toBe(HOME);
  });
});

describe('the sidebar’s alert badge', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function renderSidebar(alertCheck = 0) {
    return render(Sidebar, {
      session: ada,
      page: 'dashboard',
      alertCheck,
      onNavigate: vi.fn(),
    });
  }

  it('asks again when told to, and keeps the last number when the count fails', async () => {
    let answer = () => 2 as unknown;
    const calls = mockBackend({ open_alert_count: () => answer() });
    const { rerender } = renderSidebar(0);
    expect(await screen.findByTestId('alerts-badge')).toHaveTextContent('2');

    answer = () => reject('other', 'The database is busy.')({});
    await rerender({ alertCheck: 1 });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(screen.getByTestId('alerts-badge')).toHaveTextContent('2');

    answer = () => 0;
    await rerender({ alertCheck: 2 });
    await waitFor(() => expect(screen.queryByTestId('alerts-badge')).not.toBeInTheDocument());
  });

  it('asks every 15 seconds while on screen, and stops when it goes', async () => {
    vi.useFakeTimers();
    let count = 0;
    const calls = mockBackend({ open_alert_count: () => ++count });
    const { unmount } = renderSidebar();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(14_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    expect(screen.getByTestId('alerts-badge')).toHaveTextContent('2');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls).toHaveLength(3);

    unmount();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
  });
});
