import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactQuery } from '../../lib/api';
import { mockBackend, type Handler } from '../../test/backend';
import { PURPOSES, selection } from '../../test/privacy';
import ExportPanel from './ExportPanel.svelte';

const VIP: ContactQuery = { tag: 'vip', ownerId: null, companyId: null, sort: 'newest' };

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

describe('Export for a purpose', () => {
  it('exports only the contacts of the list with a basis for the purpose, and says who was left out', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/newsletter.csv',
      export_for_purpose: () => selection('newsletter', [3, 4, 9], { noConsent: 2, withdrawn: 1, objected: 1 }),
    });
    await user.selectOptions(await screen.findByTestId('export-purpose'), 'Newsletter');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      'Exported 3 contacts to /home/ada/newsletter.csv.',
    );
    expect(screen.getByTestId('export-left-out')).toHaveTextContent(
      '4 left out: 2 no consent given, 1 consent withdrawn, 1 objected to marketing.',
    );
    expect(calls.find((c) => c.command === 'export_for_purpose')?.args).toEqual({
      format: 'csv',
      purpose: 'newsletter',
      query: VIP,
      path: '/home/ada/newsletter.csv',
    });
    expect(calls.some((c) => c.command === 'export_contacts_where')).toBe(false);
  });

  it('covers every contact, never checked rows, when a purpose is chosen', async () => {
    const { calls, user } = setup(
      {
        'plugin:dialog|save': () => '/home/ada/all.vcf',
        export_for_purpose: () => selection('profiling', [1], {}),
      },
      { checkedIds: [1, 2], filtered: false },
    );
    expect(screen.getByTestId('export-scope-checked')).toBeChecked();
    await user.selectOptions(await screen.findByTestId('export-purpose'), 'Profiling');
    expect(screen.getByTestId('export-scope-checked')).toBeDisabled();
    await user.click(screen.getByTestId('export-format-vcard'));
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-left-out')).toHaveTextContent('Nobody was left out.');
    expect(calls.find((c) => c.command === 'export_for_purpose')?.args).toEqual({
      format: 'vcard',
      purpose: 'profiling',
      query: { tag: null, ownerId: null, companyId: null, sort: 'newest' },
      path: '/home/ada/all.vcf',
    });
  });

  it('exports as before, without the choice, when the purposes cannot be loaded', async () => {
    const { calls, user } = setup({
      list_purposes: () => {
        throw new Error('no');
      },
      'plugin:dialog|save': () => '/home/ada/vip.csv',
      export_contacts_where: () => 7,
    });
    await waitFor(() => expect(calls.some((c) => c.command === 'list_purposes')).toBe(true));
    expect(screen.queryByTestId('export-purpose')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('export-save'));
    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 7 contacts');
    expect(screen.queryByTestId('export-left-out')).not.toBeInTheDocument();
  });
});
