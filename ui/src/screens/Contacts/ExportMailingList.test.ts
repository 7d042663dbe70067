import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactQuery } from '../../lib/api';
import { apiError, mockBackend, type Handler } from '../../test/backend';
import { PURPOSES, purposeCounts } from '../../test/privacy';
import ExportPanel from './ExportPanel.svelte';

const VIP: ContactQuery = { tag: 'vip', ownerId: null, companyId: null, sort: 'name' };

function setup(handlers: Record<string, Handler>, props: { checkedIds?: number[]; filtered?: boolean } = {}) {
  const calls = mockBackend({ list_purposes: () => PURPOSES, ...handlers });
  render(ExportPanel, {
    checkedIds: props.checkedIds ?? [],
    total: 7,
    query: VIP,
    filtered: props.filtered ?? true,
    onClose: vi.fn(),
  });
  return { calls, user: userEvent.setup() };
}


/** Picks the purpose called `name` once the purposes have loaded. */
async function choosePurpose(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.selectOptions(screen.getByTestId('export-purpose'), await screen.findByRole('option', { name }));
}

describe('Mailing list', () => {
  it('shows who is on the list and who is left out before saving, then saves it', async () => {
    const counts = purposeCounts('newsletter', 2, { withdrawn: 1, noEmail: 1 });
    const { calls, user } = setup({
      mailing_list_counts: () => counts,
      save_mailing_list: () => counts,
    });
    await user.click(screen.getByTestId('export-format-mailing-list'));
    await choosePurpose(user, 'Newsletter');

    expect(await screen.findByTestId('mailing-preview')).toHaveTextContent(
      '2 on the list. 2 left out: 1 consent withdrawn, 1 no e-mail address.',
    );
    expect(calls.find((c) => c.command === 'mailing_list_counts')?.args).toEqual({
      purpose: 'newsletter',
      scope: { kind: 'query', query: VIP },
    });
    expect(calls.some((c) => c.command === 'save_mailing_list')).toBe(false);

    // Everyone instead of the list: counted again.
    await user.click(screen.getByTestId('export-scope-all'));
    await waitFor(() =>
      expect(calls.filter((c) => c.command === 'mailing_list_counts').at(-1)?.args).toEqual({
        purpose: 'newsletter',
        scope: { kind: 'query', query: { tag: null, ownerId: null, companyId: null, sort: 'name' } },
      }),
    );

    await user.type(screen.getByTestId('export-path'), '/home/ada/list.csv');
    expect(screen.getByTestId('export-save')).toHaveTextContent('Save mailing list…');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      'Saved a mailing list of 2 people to /home/ada/list.csv.',
    );
    expect(screen.getByTestId('export-left-out')).toHaveTextContent('1 consent withdrawn, 1 no e-mail address');
    expect(calls.find((c) => c.command === 'save_mailing_list')?.args).toEqual({
      purpose: 'newsletter',
      scope: { kind: 'query', query: { tag: null, ownerId: null, companyId: null, sort: 'name' } },
      path: '/home/ada/list.csv',
    });
  });

  it('always needs a purpose: a full copy is not offered, and saving without one says so', async () => {
    const { calls, user } = setup({});
    await waitFor(() => expect(screen.getByRole('option', { name: 'Newsletter' })).toBeInTheDocument());
    await user.selectOptions(screen.getByTestId('export-purpose'), 'A full copy — not for contacting anyone');
    await user.click(screen.getByTestId('export-format-mailing-list'));

    expect(screen.getByTestId('export-purpose')).toHaveValue('');
    expect(screen.queryByRole('option', { name: 'A full copy — not for contacting anyone' })).not.toBeInTheDocument();
    await user.click(screen.getByTestId('export-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'Choose the purpose the people on the list will be contacted for.',
    );
    expect(calls.some((c) => c.command === 'save_mailing_list' || c.command === 'mailing_list_counts')).toBe(false);
  });

  it('covers the checked rows when they are chosen', async () => {
    const { calls, user } = setup(
      { mailing_list_counts: () => purposeCounts('newsletter', 1, { erased: 1 }) },
      { checkedIds: [4, 8], filtered: false },
    );
    await user.click(screen.getByTestId('export-format-mailing-list'));
    await choosePurpose(user, 'Newsletter');
    expect(await screen.findByTestId('mailing-preview')).toHaveTextContent('1 on the list. 1 left out: 1 erased.');
    expect(calls.find((c) => c.command === 'mailing_list_counts')?.args).toEqual({
      purpose: 'newsletter',
      scope: { kind: 'ids', ids: [4, 8] },
    });
  });

  it('asks for the password again above the soft limit, as an export does', async () => {
    let confirmed = false;
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/big.csv',
      mailing_list_counts: () => purposeCounts('newsletter', 900),
      save_mailing_list: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (!confirmed) throw apiError('reauth_required', 'Exporting 900 contacts needs your password again.');
        return purposeCounts('newsletter', 900);
      },
      reauthenticate: () => {
        confirmed = true;
        return null;
      },
    });
    await user.click(screen.getByTestId('export-format-mailing-list'));
    await choosePurpose(user, 'Newsletter');
    await user.click(screen.getByTestId('export-save'));
    await user.type(await screen.findByTestId('reauth-password'), 'correct horse battery{Enter}');

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Saved a mailing list of 900 people');
    expect(calls.filter((c) => c.command === 'save_mailing_list')).toHaveLength(2);
  });
});
