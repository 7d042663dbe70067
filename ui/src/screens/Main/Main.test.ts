import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../lib/api';
import { can } from '../../lib/permissions';
import {
  ada,
  contact,
  contactsScreen,
  deal,
  emptyDashboard,
  mockBackend,
  sessionAs,
  STAGES,
  summaries,
} from '../../test/backend';
import { backupStatus } from '../../test/backups';
import Main from './Main.svelte';

const empty = {
  dashboard: () => emptyDashboard(),
  list_contacts: () => ({ items: [], total: 0 }),
  // The dashboard's backup card, for roles that manage backups.
  backup_status: () => backupStatus(),
};

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
  it('opens on the dashboard and offers every everyday screen, Consent and Privacy requests, then Users, Audit log, Settings and Backups to an owner', async () => {
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
      'Consent',
      'Privacy requests',
      'Users',
      'Audit log',
      'Settings',
      'Backups',
    ]);
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
      list_companies: () => ({ items: [], total: 0 }),
      list_stages: () => [],
      list_deals: () => [],
      list_tasks: () => [],
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
    expect(calls.map((c) => c.command)).toEqual([
      // The dashboard's backup card, then the dashboard itself.
      'backup_status',
      'dashboard',
      'list_companies',
      'list_stages',
      'list_deals',
      'list_tasks',
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
      list_contacts: () => ({ items: summaries(3, 7), total: 3 }),
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

  it('opens from the header button, and a deal hit shows the board with that deal highlighted', async () => {
    mockBackend({
      ...empty,
      search: () => [{ kind: 'deal', id: 2, title: 'Deal 2', detail: 'Qualified' }],
      list_stages: () => STAGES,
      list_deals: () => [deal(1, 1), deal(2, 2)],
    });
    const { user } = renderMain(ada);
    await screen.findByTestId('dashboard');

    await user.click(screen.getByTestId('open-search'));
    await user.type(screen.getByTestId('search-input'), 'Deal');
    await user.click(await screen.findByTestId('search-result'));

    await screen.findByTestId('pipeline-board');
    const cards = await screen.findAllByTestId('deal-card');
    expect(cards.find((c) => c.dataset.id === '2')).toHaveAttribute('data-highlighted', 'true');
    expect(cards.find((c) => c.dataset.id === '1')).not.toHaveAttribute('data-highlighted');
  });
});
