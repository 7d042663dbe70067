import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { mockBackend, reject } from '../../test/backend';
import ControllerSection from './ControllerSection.svelte';

const EMPTY = { name: '', address: '', email: '', phone: '', dpo: '', complete: false };

describe('Settings: the controller the processing register names', () => {
  it('saves every field, trimmed by the backend, and says the register names it', async () => {
    const calls = mockBackend({
      get_controller: () => EMPTY,
      set_controller: ({ controller }) => {
        const c = controller as Record<string, string>;
        return { ...c, name: c.name!.trim(), complete: true };
      },
    });
    render(ControllerSection, { editable: true });
    const user = userEvent.setup();
    const name = await screen.findByTestId('controller-name');
    expect(screen.getByTestId('controller-save')).toBeDisabled();
    await user.type(name, 'Țesătoria Sibiu SRL ');
    await user.type(screen.getByTestId('controller-email'), 'date@tesatoria.ro');
    await user.type(screen.getByTestId('controller-dpo'), 'Ana Pop, dpo@tesatoria.ro');
    await user.click(screen.getByTestId('controller-save'));
    expect(await screen.findByTestId('controller-notice')).toHaveTextContent(
      'Saved: the processing register names this controller.',
    );
    expect(calls.find((c) => c.command === 'set_controller')?.args).toEqual({
      controller: {
        name: 'Țesătoria Sibiu SRL ',
        address: '',
        email: 'date@tesatoria.ro',
        phone: '',
        dpo: 'Ana Pop, dpo@tesatoria.ro',
      },
    });
    expect(name).toHaveValue('Țesătoria Sibiu SRL');
    // Nothing changed since: nothing to save.
    expect(screen.getByTestId('controller-save')).toBeDisabled();
  });

  it('shows the backend’s sentence when a field is refused', async () => {
    mockBackend({
      get_controller: () => EMPTY,
      set_controller: reject('invalid_input', 'the controller phone contains control characters'),
    });
    render(ControllerSection, { editable: true });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('controller-phone'), '0721');
    await user.click(screen.getByTestId('controller-save'));
    expect(await screen.findByTestId('controller-error')).toHaveTextContent('control characters');
  });

  it('is read-only for whoever is not an owner, and speaks Romanian', async () => {
    mockBackend({ get_controller: () => ({ ...EMPTY, name: 'Țesătoria Sibiu SRL' }) });
    setLanguage('ro');
    render(ControllerSection, { editable: false });
    const name = await screen.findByTestId('controller-name');
    await waitFor(() => expect(name).toHaveValue('Țesătoria Sibiu SRL'));
    expect(name).toBeDisabled();
    expect(screen.queryByTestId('controller-save')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Operatorul');
    expect(screen.getByLabelText('Responsabil cu protecția datelor')).toBeInTheDocument();
  });
});
