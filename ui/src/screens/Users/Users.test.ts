import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SessionInfo, User } from '../../lib/api';
import { ada, mockBackend, reject, sessionAs, userRow, type Handler } from '../../test/backend';
import { setLanguage } from '../../lib/i18n.svelte';
import Users from './Users.svelte';

const team: User[] = [
  { id: 1, name: 'ada', role: 'owner', disabled: false, mustChangePassword: false },
  { id: 2, name: 'grace', role: 'agent', disabled: false, mustChangePassword: true },
  { id: 3, name: 'linus', role: 'viewer', disabled: true, mustChangePassword: false },
];

function setup(session: SessionInfo, handlers: Record<string, Handler> = {}) {
  const calls = mockBackend({ list_users: () => team.map((u) => ({ ...u })), ...handlers });
  const onOwnRoleChanged = vi.fn();
  render(Users, { session, onOwnRoleChanged });
  return { calls, onOwnRoleChanged, user: userEvent.setup() };
}

async function row(name: string): Promise<HTMLElement> {
  await screen.findByTestId('users-table');
  const found = screen.getAllByTestId('user-row').find((r) => r.getAttribute('data-name') === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

describe('Users', () => {
  it('lists name, role and status', async () => {
    setup(ada);

    expect(within(await row('ada')).getByText('active')).toBeInTheDocument();
    expect(within(await row('grace')).getByText('must change password')).toBeInTheDocument();
    expect(within(await row('linus')).getByText('disabled')).toBeInTheDocument();
    expect(within(await row('grace')).getByTestId('user-role-select')).toHaveValue('agent');
  });

  it('is read-only without users.manage', async () => {
    setup(sessionAs('auditor', 'aud', 9, { permissions: ['contacts.read', 'users.read', 'audit.read'] }));

    expect(within(await row('grace')).getByText('Agent')).toBeInTheDocument();
    expect(screen.queryByTestId('add-user')).not.toBeInTheDocument();
    expect(screen.queryByTestId('user-role-select')).not.toBeInTheDocument();
    expect(screen.queryByTestId('user-disable')).not.toBeInTheDocument();
    expect(screen.queryByTestId('user-enable')).not.toBeInTheDocument();
    expect(screen.queryByTestId('user-reset')).not.toBeInTheDocument();
  });

  it('adds a user with a role and a first password, judged by the strength meter', async () => {
    const added = userRow('mia', 'manager', { id: 4, mustChangePassword: true });
    const { calls, user } = setup(ada, {
      password_strength: () => ({ score: 3, acceptable: true, advice: 'Hard to guess.' }),
      add_user: () => added,
    });

    await user.click(await screen.findByTestId('add-user'));
    await user.type(screen.getByTestId('new-user-name'), ' mia ');
    await user.selectOptions(screen.getByTestId('new-user-role'), 'manager');
    await user.type(screen.getByTestId('new-user-password'), 'velvet cactus orbit lamp');
    await waitFor(() => expect(screen.getByTestId('strength-meter')).toHaveAttribute('data-score', '3'));
    await user.click(screen.getByTestId('new-user-submit'));

    expect(await row('mia')).toHaveTextContent('must change password');
    expect(calls.find((c) => c.command === 'add_user')?.args).toEqual({
      name: 'mia',
      role: 'manager',
      password: 'velvet cactus orbit lamp',
    });
    expect(calls.filter((c) => c.command === 'password_strength').at(-1)?.args).toEqual({
      password: 'velvet cactus orbit lamp',
      user: 'mia',
    });
    expect(screen.queryByTestId('new-user-name')).not.toBeInTheDocument();
  });

  it('shows the backend sentence when adding fails and keeps the form', async () => {
    const sentence = 'There is already a user named grace.';
    const { user } = setup(ada, {
      password_strength: () => ({ score: 4, acceptable: true, advice: '' }),
      add_user: reject('invalid_input', sentence),
    });

    await user.click(await screen.findByTestId('add-user'));
    await user.type(screen.getByTestId('new-user-name'), 'grace');
    await user.type(screen.getByTestId('new-user-password'), 'velvet cactus orbit lamp{Enter}');

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.getByTestId('new-user-name')).toHaveValue('grace');
  });

  it('changes a role with set_user_role', async () => {
    const { calls, onOwnRoleChanged, user } = setup(ada, {
      set_user_role: ({ name, role }) => ({ ...team[1], name, role }),
    });

    await user.selectOptions(within(await row('grace')).getByTestId('user-role-select'), 'manager');

    await waitFor(() => expect(within(screen.getAllByTestId('user-row')[1]!).getByTestId('user-role-select')).toHaveValue('manager'));
    expect(calls.find((c) => c.command === 'set_user_role')?.args).toEqual({ name: 'grace', role: 'manager' });
    expect(screen.getByText('grace is now manager.')).toBeInTheDocument();
    expect(onOwnRoleChanged).not.toHaveBeenCalled();
  });

  it('shows the last-owner sentence and puts the role back when the core refuses', async () => {
    const sentence = 'ada is the last owner; make someone else an owner first.';
    const { onOwnRoleChanged, user } = setup(ada, { set_user_role: reject('invalid_input', sentence) });

    const select = within(await row('ada')).getByTestId('user-role-select');
    await user.selectOptions(select, 'admin');

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(select).toHaveValue('owner');
    expect(onOwnRoleChanged).not.toHaveBeenCalled();
  });

  it('without owners.manage, offers no owner role and leaves owners read-only', async () => {
    setup(sessionAs('admin', 'root', 7));

    const ownerRow = await row('ada');
    expect(within(ownerRow).queryByTestId('user-role-select')).not.toBeInTheDocument();
    expect(within(ownerRow).queryByTestId('user-disable')).not.toBeInTheDocument();
    expect(within(ownerRow).queryByTestId('user-reset')).not.toBeInTheDocument();
    expect(within(ownerRow).getByText('Owner')).toBeInTheDocument();

    const options = within(within(await row('grace')).getByTestId('user-role-select')).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('value'))).toEqual(['admin', 'manager', 'agent', 'auditor', 'viewer']);
  });

  it('disables a user with disable_user', async () => {
    const { calls, user } = setup(ada, { disable_user: ({ name }) => ({ ...team[1], name, disabled: true }) });

    await user.click(within(await row('grace')).getByTestId('user-disable'));

    await waitFor(async () => expect(await row('grace')).toHaveTextContent('disabled'));
    expect(calls.find((c) => c.command === 'disable_user')?.args).toEqual({ name: 'grace' });
    expect(within(await row('grace')).getByTestId('user-enable')).toBeInTheDocument();
  });

  it('shows the sentence when disabling is refused', async () => {
    const sentence = 'Your role (admin) does not allow this (owners.manage).';
    const { user } = setup(ada, { disable_user: reject('permission_denied', sentence) });

    await user.click(within(await row('grace')).getByTestId('user-disable'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(await row('grace')).not.toHaveTextContent('disabled');
  });

  it('enables a disabled user with a new first password', async () => {
    const { calls, user } = setup(ada, {
      password_strength: () => ({ score: 4, acceptable: true, advice: '' }),
      enable_user: ({ name }) => ({ ...team[2], name, disabled: false, mustChangePassword: true }),
    });

    await user.click(within(await row('linus')).getByTestId('user-enable'));
    await user.type(screen.getByTestId('user-password'), 'velvet cactus orbit lamp');
    await user.click(screen.getByTestId('user-password-submit'));

    await waitFor(async () => expect(await row('linus')).toHaveTextContent('must change password'));
    expect(calls.find((c) => c.command === 'enable_user')?.args).toEqual({
      name: 'linus',
      password: 'velvet cactus orbit lamp',
    });
  });

  it('resets a password and offers no reset or disable on one’s own row', async () => {
    const { calls, user } = setup(ada, {
      password_strength: () => ({ score: 4, acceptable: true, advice: '' }),
      reset_user_password: () => null,
      list_users: () => [team[0]!, { ...team[1]!, mustChangePassword: false }],
    });

    expect(within(await row('ada')).queryByTestId('user-reset')).not.toBeInTheDocument();
    expect(within(await row('ada')).queryByTestId('user-disable')).not.toBeInTheDocument();
    await user.click(within(await row('grace')).getByTestId('user-reset'));
    await user.type(screen.getByTestId('user-password'), 'velvet cactus orbit lamp{Enter}');

    expect(await screen.findByText(/grace's password was reset/)).toBeInTheDocument();
    expect(await row('grace')).toHaveTextContent('must change password');
    expect(calls.find((c) => c.command === 'reset_user_password')?.args).toEqual({
      name: 'grace',
      password: 'velvet cactus orbit lamp',
    });
  });

  it('asks for fresh permissions after changing one’s own role', async () => {
    const { onOwnRoleChanged, user } = setup(ada, {
      set_user_role: ({ role }) => ({ ...team[0], role }),
    });

    await user.selectOptions(within(await row('ada')).getByTestId('user-role-select'), 'admin');

    await waitFor(() => expect(onOwnRoleChanged).toHaveBeenCalledOnce());
  });
});

describe('Users in Romanian', () => {
  it('names statuses and roles, and says a role change, in Romanian', async () => {
    setLanguage('ro');
    const { user } = setup(ada, { set_user_role: ({ name, role }) => ({ ...team[1], name, role }) });

    expect(within(await row('ada')).getByText('activ')).toBeInTheDocument();
    expect(within(await row('grace')).getByText('trebuie să schimbe parola')).toBeInTheDocument();
    expect(within(await row('linus')).getByText('dezactivat')).toBeInTheDocument();
    expect(within(await row('ada')).getByText('(dumneavoastră)')).toBeInTheDocument();
    const select = within(await row('grace')).getByRole('combobox', { name: 'Rolul utilizatorului grace' });
    expect(within(select).getByRole('option', { name: 'Cititor' })).toBeInTheDocument();

    await user.selectOptions(select, 'manager');
    expect(await screen.findByText('Utilizatorul grace are acum rolul de manager.')).toBeInTheDocument();
  });
});
