import { describe, expect, it } from 'vitest';
import { ada, mockBackend } from '../../test/backend';
import { addUser, changePassword, disableUser, enableUser, listUsers, resetUserPassword, setUserRole } from './users';

describe('users api', () => {
  it('sends each user command with the argument names of the contract', async () => {
    const grace = { id: 2, name: 'grace', role: 'agent', disabled: false, mustChangePassword: true };
    const calls = mockBackend({
      list_users: () => [grace],
      add_user: () => grace,
      set_user_role: () => grace,
      disable_user: () => grace,
      enable_user: () => grace,
      reset_user_password: () => null,
      change_password: () => ada,
    });

    await expect(listUsers()).resolves.toEqual([grace]);
    await addUser('grace', 'agent', 'first pass phrase');
    await setUserRole('grace', 'manager');
    await disableUser('grace');
    await enableUser('grace', 'another pass phrase');
    await expect(resetUserPassword('grace', 'third pass phrase')).resolves.toBeUndefined();
    await expect(changePassword('old words', 'new words')).resolves.toEqual(ada);

    expect(calls).toEqual([
      { command: 'list_users', args: {} },
      { command: 'add_user', args: { name: 'grace', role: 'agent', password: 'first pass phrase' } },
      { command: 'set_user_role', args: { name: 'grace', role: 'manager' } },
      { command: 'disable_user', args: { name: 'grace' } },
      { command: 'enable_user', args: { name: 'grace', password: 'another pass phrase' } },
      { command: 'reset_user_password', args: { name: 'grace', password: 'third pass phrase' } },
      // The new password travels under the key `new`, as the Rust parameter is named.
      { command: 'change_password', args: { current: 'old words', new: 'new words' } },
    ]);
  });
});
