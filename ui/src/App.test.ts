import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppStatus } from './lib/api';
import { setLanguage } from './lib/i18n.svelte';
import { ada, emitEvent, emptyDashboard, mockBackend, reject } from './test/backend';
import { backupStatus } from './test/backups';
import App from './App.svelte';

const status = (patch: Partial<AppStatus>): AppStatus => ({
  state: 'locked',
  vaultDir: '/home/ada/Steward',
  defaultVaultDir: '/home/ada/Steward',
  users: ['ada'],
  rememberedUsers: [],
  session: null,
  ...patch,
});

describe('App', () => {
  it('starts on the first-run screen when there is no vault', async () => {
    mockBackend({ app_status: () => status({ state: 'no_vault', vaultDir: null, users: [] }) });
    render(App);
    expect(await screen.findByTestId('firstrun-dir')).toHaveValue('/home/ada/Steward');
  });

  it('starts on the unlock screen when the vault is locked, and opens the dashboard after unlocking', async () => {
    mockBackend({
      app_status: () => status({}),
      unlock_vault: () => ada,
      dashboard: () => emptyDashboard(3),
    });
    render(App);
    const user = userEvent.setup();

    await user.type(await screen.findByTestId('unlock-password'), 'correct horse battery{Enter}');

    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(await screen.findByTestId('dashboard-contacts')).toHaveTextContent('3');
    expect(screen.getByTestId('nav-dashboard')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('header-user')).toHaveTextContent('ada · owner');
  });

  it('returns to the unlock screen when any command reports that the vault is locked', async () => {
    let state: AppStatus['state'] = 'unlocked';
    mockBackend({
      app_status: () => (state === 'unlocked' ? status({ state, session: ada }) : status({ state })),
      dashboard: () => {
        state = 'locked';
        return reject('locked', 'Steward locked the vault after a period of inactivity.')({});
      },
    });
    render(App);

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
    expect(screen.queryByTestId('dashboard')).not.toBeInTheDocument();
    expect(screen.getByText('Steward locked the vault after a period of inactivity.')).toBeInTheDocument();
    expect(screen.getByTestId('unlock-user')).toHaveValue('ada');
  });

  it('returns to the unlock screen after Lock', async () => {
    let state: AppStatus['state'] = 'unlocked';
    mockBackend({
      app_status: () => (state === 'unlocked' ? status({ state, session: ada }) : status({ state })),
      dashboard: () => emptyDashboard(),
      lock_vault: () => {
        state = 'locked';
        return null;
      },
    });
    render(App);
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('lock-button'));

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
    expect(screen.queryByTestId('header-user')).not.toBeInTheDocument();
  });

  it('returns to the unlock screen with the reason when the backend locks on its own', async () => {
    let state: AppStatus['state'] = 'unlocked';
    mockBackend({
      app_status: () => (state === 'unlocked' ? status({ state, session: ada }) : status({ state })),
      dashboard: () => emptyDashboard(),
    });
    render(App);
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();

    state = 'locked';
    await emitEvent('vault-locked', {
      reason: 'idle',
      message: 'Steward locked itself after 10 minutes without use.',
      idleSeconds: 600,
    });

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
    expect(screen.getByText('Steward locked itself after 10 minutes without use.')).toBeInTheDocument();
    expect(screen.queryByTestId('header-user')).not.toBeInTheDocument();
  });

  it('locks on Ctrl+L', async () => {
    let state: AppStatus['state'] = 'unlocked';
    const calls = mockBackend({
      app_status: () => (state === 'unlocked' ? status({ state, session: ada }) : status({ state })),
      dashboard: () => emptyDashboard(),
      note_activity: () => null,
      lock_vault: () => {
        state = 'locked';
        return null;
      },
    });
    render(App);
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    const user = userEvent.setup();

    await user.keyboard('{Control>}l{/Control}');

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
    expect(calls.map((c) => c.command)).toContain('lock_vault');
  });

  it('tells the backend about input while the vault is open, a few times a minute at most', async () => {
    const calls = mockBackend({
      app_status: () => status({ state: 'unlocked', session: ada }),
      dashboard: () => emptyDashboard(),
      note_activity: () => null,
    });
    render(App);
    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    const user = userEvent.setup();

    await user.keyboard('abc');
    await user.pointer({ coords: { x: 5, y: 5 } });

    await waitFor(() => expect(calls.filter((c) => c.command === 'note_activity')).toHaveLength(1));
  });

  it('shows what the backend said about the unlock until it is dismissed', async () => {
    mockBackend({
      app_status: () => status({}),
      unlock_vault: () => ({ ...ada, notice: 'This computer could not be remembered: the keychain is locked.' }),
      dashboard: () => emptyDashboard(),
      note_activity: () => null,
    });
    render(App);
    const user = userEvent.setup();

    await user.type(await screen.findByTestId('unlock-password'), 'correct horse battery{Enter}');

    expect(await screen.findByTestId('session-notice')).toHaveTextContent('the keychain is locked');
    await user.click(screen.getByTestId('session-notice-close'));
    expect(screen.queryByTestId('session-notice')).not.toBeInTheDocument();
  });

  it('says the unlock notice in the interface language by its kind, with its cause', async () => {
    setLanguage('ro');
    mockBackend({
      app_status: () => status({}),
      unlock_vault: () => ({
        ...ada,
        notice: 'This computer could not be remembered: The system keychain failed.',
        noticeKind: 'device-not-remembered',
        noticeCause: { code: 'other', message: 'The system keychain failed.', reason: 'keychain', params: {} },
      }),
      dashboard: () => emptyDashboard(),
      note_activity: () => null,
    });
    render(App);
    const user = userEvent.setup();

    await user.type(await screen.findByTestId('unlock-password'), 'correct horse battery{Enter}');

    expect(await screen.findByTestId('session-notice')).toHaveTextContent(
      'Acest computer nu a putut fi reținut: Depozitul de chei al sistemului nu a răspuns. Autentificați-vă cu parola.',
    );
    // The language switches, and so does the notice.
    setLanguage('en');
    await waitFor(() =>
      expect(screen.getByTestId('session-notice')).toHaveTextContent(
        'This computer could not be remembered: The system keychain failed.',
      ),
    );
  });

  it('explains in a sentence when the backend cannot be reached', async () => {
    mockBackend({ app_status: reject('integrity', 'The vault file is damaged. Restore it from a backup.') });
    render(App);
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'The vault file is damaged. Restore it from a backup.',
    );
  });

  it('asks for a new password first when the session must change it, then continues to the dashboard', async () => {
    const mustChange = { ...ada, mustChangePassword: true };
    const calls = mockBackend({
      app_status: () => status({}),
      unlock_vault: () => mustChange,
      password_strength: () => ({ score: 4, acceptable: true, advice: '' }),
      change_password: () => ada,
      dashboard: () => emptyDashboard(),
      backup_status: () => backupStatus(),
      open_alert_count: () => 0,
      list_reminders: () => [],
      rules_state: () => ({ current: null, due: false, gating: true, acknowledgedVersion: null, acknowledgedAt: null }),
    });
    render(App);
    const user = userEvent.setup();

    await user.type(await screen.findByTestId('unlock-password'), 'first password{Enter}');

    expect(await screen.findByTestId('cp-new')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-contacts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dashboard')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'dashboard')).toBe(false);

    await user.type(screen.getByTestId('cp-current'), 'first password');
    await user.type(screen.getByTestId('cp-new'), 'velvet cactus orbit lamp');
    await user.type(screen.getByTestId('cp-confirm'), 'velvet cactus orbit lamp');
    await waitFor(() => expect(screen.getByTestId('cp-submit')).toBeEnabled());
    await user.click(screen.getByTestId('cp-submit'));

    expect(await screen.findByTestId('dashboard')).toBeInTheDocument();
    expect(screen.queryByTestId('cp-new')).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-contacts')).toBeInTheDocument();
    expect(calls.map((c) => c.command).filter((c) => c !== 'password_strength' && c !== 'note_activity')).toEqual([
      // Whether the desktop asked Steward to open a backup file.
      'take_opened_backup',
      'app_status',
      'unlock_vault',
      // The user's own interface language, applied at unlock.
      'get_languages',
      'change_password',
      'get_languages',
      // The team vault's indicator: whether this vault is a replica.
      'team_status',
      // The header's alert badge, once the owner may see alerts.
      'open_alert_count',
      // The breach register's 72-hour countdown, for owners and admins.
      'breach_countdown',
      // The reminders panel: due ones, missed ones included.
      'list_reminders',
      // Whether the user must accept the company's rules first.
      'rules_state',
      'backup_status',
      'dashboard',
      // A version the start-up update check found, for those who may open Settings (unanswered here: no notice).
      'update_status',
    ]);
  });

  it('offers to lock instead of changing the password', async () => {
    let state: AppStatus['state'] = 'unlocked';
    const mustChange = { ...ada, mustChangePassword: true, unlockedWithRecoveryKey: true };
    mockBackend({
      app_status: () => (state === 'unlocked' ? status({ state, session: mustChange }) : status({ state })),
      lock_vault: () => {
        state = 'locked';
        return null;
      },
    });
    render(App);
    const user = userEvent.setup();

    expect(await screen.findByTestId('cp-new')).toBeInTheDocument();
    expect(screen.queryByTestId('cp-current')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('lock-button'));

    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
  });

  describe('a backup file the desktop asked Steward to open', () => {
    const FILE = '/home/ada/Downloads/steward-2026-12-01.stwbak';

    it('opens the restore screen with the file chosen when the vault is locked', async () => {
      const calls = mockBackend({
        take_opened_backup: () => FILE,
        app_status: () => status({}),
        backup_users: () => ['ada', 'bob'],
      });
      render(App);

      expect(await screen.findByTestId('restore-into-file')).toHaveValue(FILE);
      expect(screen.queryByTestId('unlock-password')).not.toBeInTheDocument();
      await waitFor(() => expect(calls).toContainEqual({ command: 'backup_users', args: { path: FILE } }));
    });

    it('opens the restore screen with the file chosen on the first run', async () => {
      mockBackend({
        take_opened_backup: () => FILE,
        app_status: () => status({ state: 'no_vault', vaultDir: null, users: [] }),
        backup_users: () => ['ada'],
      });
      render(App);

      expect(await screen.findByTestId('restore-into-file')).toHaveValue(FILE);
      expect(screen.queryByTestId('firstrun-dir')).not.toBeInTheDocument();
    });

    it('takes a file handed over by a second launch, once', async () => {
      let waiting: string | null = null;
      mockBackend({
        take_opened_backup: () => {
          const taken = waiting;
          waiting = null;
          return taken;
        },
        app_status: () => status({}),
        backup_users: () => ['ada'],
      });
      render(App);
      expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();

      waiting = FILE;
      await emitEvent('backup-opened', FILE);

      expect(await screen.findByTestId('restore-into-file')).toHaveValue(FILE);
    });

    it('waits while a vault is open, and says how to restore it', async () => {
      mockBackend({
        take_opened_backup: () => FILE,
        app_status: () => status({ state: 'unlocked', session: ada }),
        dashboard: () => emptyDashboard(),
        open_alert_count: () => 0,
        backup_status: () => backupStatus(),
      });
      render(App);

      expect(await screen.findByTestId('session-notice')).toHaveTextContent(`To restore ${FILE}, lock the vault`);
      expect(screen.queryByTestId('restore-into-file')).not.toBeInTheDocument();
    });
  });
});
