import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../lib/api';
import { setLanguage } from '../../lib/i18n.svelte';
import { apiError, mockBackend } from '../../test/backend';
import UpdatesSection from './UpdatesSection.svelte';

function status(overrides: Partial<UpdateStatus> = {}): UpdateStatus {
  return {
    currentVersion: '0.1.0',
    policy: 'on-request',
    policyFile: null,
    policyInvalid: false,
    channel: 'updater',
    available: null,
    ...overrides,
  };
}

/** The rejection of an update command, as the backend sends it. */
function refusal(reason: string, message: string) {
  return () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw { ...apiError('other', message), reason };
  };
}

describe('Settings: updates', () => {
  it('says the running version is the newest after a check', async () => {
    const calls = mockBackend({
      update_status: () => status(),
      check_for_update: () => ({ currentVersion: '0.1.0', available: null }),
    });
    render(UpdatesSection);
    const user = userEvent.setup();
    expect(await screen.findByTestId('updates-version')).toHaveTextContent('This is Steward 0.1.0.');
    expect(screen.getByTestId('updates-policy')).toHaveTextContent('only when you ask');
    await user.click(screen.getByTestId('updates-check'));
    expect(await screen.findByTestId('updates-up-to-date')).toHaveTextContent('Steward 0.1.0 is the newest version.');
    expect(calls.map((c) => c.command)).toEqual(['update_status', 'check_for_update']);
  });

  it('offers a newer version and installs it only after the user says yes', async () => {
    const calls = mockBackend({
      update_status: () => status({ policy: 'at-start' }),
      check_for_update: () => ({ currentVersion: '0.1.0', available: { version: '0.2.0', notes: 'Faster search.' } }),
      install_update: () => null,
    });
    render(UpdatesSection);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('updates-check'));
    const offer = await screen.findByTestId('updates-offer');
    expect(offer).toHaveTextContent('Steward 0.2.0 is available. Install it now?');
    expect(screen.getByTestId('updates-notes')).toHaveTextContent('Faster search.');
    // Seeing the offer installs nothing.
    expect(calls.some((c) => c.command === 'install_update')).toBe(false);
    await user.click(screen.getByTestId('updates-install'));
    await waitFor(() => expect(calls.at(-1)).toEqual({ command: 'install_update', args: { version: '0.2.0' } }));
  });

  it('shows a version the start-up check found, and forgets it on "Not now" without installing', async () => {
    const calls = mockBackend({
      update_status: () => status({ policy: 'at-start', available: { version: '0.3.0', notes: null } }),
    });
    render(UpdatesSection);
    const user = userEvent.setup();
    expect(await screen.findByTestId('updates-offer')).toHaveTextContent('Steward 0.3.0 is available.');
    expect(screen.getByTestId('updates-policy')).toHaveTextContent('each time it starts');
    expect(screen.queryByTestId('updates-notes')).toBeNull();
    await user.click(screen.getByTestId('updates-not-now'));
    expect(screen.queryByTestId('updates-offer')).toBeNull();
    expect(screen.getByTestId('updates-check')).toBeEnabled();
    expect(calls.map((c) => c.command)).toEqual(['update_status']);
  });

  it('says a refused signature in the user’s language', async () => {
    mockBackend({
      update_status: () => status(),
      check_for_update: () => ({ currentVersion: '0.1.0', available: { version: '0.2.0', notes: null } }),
      install_update: refusal(
        'update-bad-signature',
        'The update was refused: its signature is not valid (bad signature). Nothing was installed.',
      ),
    });
    render(UpdatesSection);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('updates-check'));
    await user.click(await screen.findByTestId('updates-install'));
    expect(await screen.findByTestId('updates-error')).toHaveTextContent(
      'The update was refused: its signature is not valid (bad signature). Nothing was installed.',
    );
    setLanguage('ro');
    // The sentence was made when the error came; a new one comes in Romanian.
    await user.click(screen.getByTestId('updates-install'));
    await waitFor(() =>
      expect(screen.getByTestId('updates-error')).toHaveTextContent(
        'Actualizarea a fost refuzată deoarece semnătura ei nu este validă. Nu s-a instalat nimic.',
      ),
    );
  });

  it('says in Romanian that the update server could not be reached', async () => {
    setLanguage('ro');
    mockBackend({
      update_status: () => status(),
      check_for_update: refusal('update-unreachable', 'The update server could not be reached (error sending request).'),
    });
    render(UpdatesSection);
    const user = userEvent.setup();
    expect(await screen.findByTestId('updates-version')).toHaveTextContent('Aceasta este versiunea Steward 0.1.0.');
    await user.click(screen.getByRole('button', { name: 'Căutați actualizări' }));
    expect(await screen.findByTestId('updates-error')).toHaveTextContent(
      'Serverul de actualizări nu a putut fi contactat. Verificați conexiunea la internet și încercați din nou.',
    );
  });

  it('offers no check when the policy is off or the file cannot be read', async () => {
    const calls = mockBackend({ update_status: () => status({ policy: 'off', policyFile: '/etc/steward/policy.json' }) });
    const { unmount } = render(UpdatesSection);
    expect(await screen.findByTestId('updates-off')).toHaveTextContent('turned off on this computer by its administrator');
    expect(screen.queryByTestId('updates-check')).toBeNull();
    unmount();

    mockBackend({
      update_status: () => status({ policy: 'off', policyFile: '/etc/steward/policy.json', policyInvalid: true }),
    });
    render(UpdatesSection);
    expect(await screen.findByTestId('updates-off')).toHaveTextContent(
      'The update policy file /etc/steward/policy.json could not be read, so checking for updates is turned off.',
    );
    expect(screen.queryByTestId('updates-check')).toBeNull();
    expect(calls.map((c) => c.command)).toEqual(['update_status']);
  });

  it('sends a package install to its package manager, with no check', async () => {
    mockBackend({ update_status: () => status({ channel: 'package-manager', policy: 'at-start' }) });
    render(UpdatesSection);
    expect(await screen.findByTestId('updates-package-manager')).toHaveTextContent(
      'your package manager (such as apt or dnf) updates it',
    );
    expect(screen.queryByTestId('updates-check')).toBeNull();
    expect(screen.queryByTestId('updates-policy')).toBeNull();
  });
});
