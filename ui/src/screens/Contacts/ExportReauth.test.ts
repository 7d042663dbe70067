import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactQuery } from '../../lib/api';
import { apiError, mockBackend, reject, type Handler } from '../../test/backend';
import { PURPOSES, purposeCounts } from '../../test/privacy';
import ExportPanel from './ExportPanel.svelte';

const ALL: ContactQuery = { tag: null, ownerId: null, companyId: null, sort: 'name' };
const NEEDS_PASSWORD = 'Exporting 1200 contacts (more than 500) needs your password again.';
const WRONG = 'That password is not right. Check it and try again.';
const RIGHT = 'correct horse battery';
const FULL_COPY_LABEL = 'A full copy — not for contacting anyone';

/**
 * A backend whose exports above the soft limit are refused until the password was confirmed, as the core's
 * are; `export_contacts` answers `count` once it goes through.
 */
function softLimited(command: string, answer: Handler): Record<string, Handler> {
  let confirmed = false;
  return {
    [command]: (args) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (!confirmed) throw apiError('reauth_required', NEEDS_PASSWORD);
      return answer(args);
    },
    reauthenticate: ({ password }) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (password !== RIGHT) throw apiError('authentication', WRONG);
      confirmed = true;
      return null;
    },
  };
}

function setup(handlers: Record<string, Handler>, props: { filtered?: boolean } = {}) {
  const calls = mockBackend({
    list_purposes: () => [],
    'plugin:dialog|save': () => '/home/ada/all.csv',
    ...handlers,
  });
  render(ExportPanel, { checkedIds: [], total: 1200, query: ALL, filtered: props.filtered ?? false, onClose: vi.fn() });
  return { calls, user: userEvent.setup() };
}


/** Picks the purpose called `name` once the purposes have loaded. */
async function choosePurpose(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.selectOptions(screen.getByTestId('export-purpose'), await screen.findByRole('option', { name }));
}

describe('Export above the soft limit', () => {
  it('asks for the password, keeps the dialog open after a wrong one, and exports once it is right', async () => {
    const { calls, user } = setup(softLimited('export_contacts', () => 1200));

    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    const dialog = await screen.findByTestId('reauth-dialog');
    expect(screen.getByTestId('reauth-reason')).toHaveTextContent(
      'This export holds more people than the security policy allows without your password.',
    );
    expect(screen.getByTestId('reauth-password')).toHaveFocus();
    expect(screen.getByTestId('reauth-submit')).toBeDisabled();
    // The reason for asking is the dialog's own sentence, not an error under the panel.
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('reauth-password'), 'wrong guess{Enter}');
    expect(await screen.findByTestId('reauth-error')).toHaveTextContent(WRONG);
    expect(dialog).toBeInTheDocument();
    expect(screen.getByTestId('reauth-password')).toHaveValue('');
    expect(screen.queryByTestId('export-result')).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();

    await waitFor(() => expect(screen.getByTestId('reauth-cancel')).toBeEnabled());
    await user.type(screen.getByTestId('reauth-password'), RIGHT);
    await user.click(screen.getByTestId('reauth-submit'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      'Exported 1200 contacts to /home/ada/all.csv.',
    );
    expect(screen.queryByTestId('reauth-dialog')).not.toBeInTheDocument();
    const mounting = new Set(['list_purposes', 'get_languages']);
    expect(calls.filter((c) => !mounting.has(c.command)).map((c) => c.command)).toEqual([
      'plugin:dialog|save',
      'export_contacts',
      'reauthenticate',
      'reauthenticate',
      'export_contacts',
    ]);
    expect(calls.filter((c) => c.command === 'reauthenticate').map((c) => c.args)).toEqual([
      { password: 'wrong guess' },
      { password: RIGHT },
    ]);
    // The export runs again only once the password was accepted, to the same file.
    const runs = calls.filter((c) => c.command === 'export_contacts').map((c) => c.args);
    expect(runs).toEqual(Array(2).fill({ format: 'csv', ids: null, path: '/home/ada/all.csv' }));
    expect(screen.getByTestId('export-save')).toBeEnabled();
  });

  it('ends the export quietly when the password is not given', async () => {
    const { calls, user } = setup(softLimited('export_contacts', () => 1200));

    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    await screen.findByTestId('reauth-dialog');
    await user.click(screen.getByTestId('reauth-cancel'));

    expect(await screen.findByTestId('export-cancelled')).toHaveTextContent('The export was cancelled.');
    expect(screen.queryByTestId('reauth-dialog')).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
    expect(screen.queryByTestId('export-result')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'reauthenticate')).toBe(false);
    expect(screen.getByTestId('export-save')).toBeEnabled();
    await waitFor(() => expect(screen.getByTestId('export-save')).toHaveFocus());

    // Escape cancels too, and the next try starts afresh.
    await user.click(screen.getByTestId('export-save'));
    await screen.findByTestId('reauth-dialog');
    expect(screen.queryByTestId('export-cancelled')).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('export-cancelled')).toBeInTheDocument();
    expect(screen.queryByTestId('reauth-dialog')).not.toBeInTheDocument();
  });

  it('confirms the password for an export of the filtered list for a purpose too', async () => {
    const { calls, user } = setup(
      {
        list_purposes: () => PURPOSES,
        ...softLimited('export_scope_for_purpose', () => purposeCounts('newsletter', 2, { noConsent: 1 })),
      },
      { filtered: true },
    );

    await choosePurpose(user, 'Newsletter');
    await user.click(screen.getByTestId('export-save'));
    await user.type(await screen.findByTestId('reauth-password'), `${RIGHT}{Enter}`);

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 2 contacts');
    expect(screen.getByTestId('export-left-out')).toHaveTextContent('1 left out');
    const runs = calls.filter((c) => c.command === 'export_scope_for_purpose');
    expect(runs).toHaveLength(2);
    expect(runs[1]?.args).toEqual({
      format: 'csv',
      purpose: 'newsletter',
      scope: { kind: 'query', query: ALL },
      path: '/home/ada/all.csv',
    });
  });

  it('confirms the password for an export of the filtered list', async () => {
    const { calls, user } = setup(softLimited('export_contacts_where', () => 900), { filtered: true });

    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    await user.type(await screen.findByTestId('reauth-password'), `${RIGHT}{Enter}`);

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 900 contacts');
    expect(calls.filter((c) => c.command === 'export_contacts_where')).toHaveLength(2);
  });

  it('asks for nothing when the export is within the soft limit', async () => {
    const { calls, user } = setup({ export_contacts: () => 40 });

    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 40 contacts');
    expect(screen.queryByTestId('reauth-dialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'reauthenticate')).toBe(false);
  });

  it('shows a refusal above the hard limit as the export’s error, without asking for the password', async () => {
    const sentence = 'Refused by the security policy: an export of 6000 contacts is above the limit of 5000.';
    const { calls, user } = setup({ export_contacts: reject('permission_denied', sentence) });

    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(screen.queryByTestId('reauth-dialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'reauthenticate')).toBe(false);
  });
});
