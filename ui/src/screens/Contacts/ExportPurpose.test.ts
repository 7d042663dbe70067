import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactQuery } from '../../lib/api';
import { mockBackend, type Handler } from '../../test/backend';
import { PURPOSES, purposeCounts } from '../../test/privacy';
import ExportPanel from './ExportPanel.svelte';

const VIP: ContactQuery = { tag: 'vip', ownerId: null, companyId: null, sort: 'newest' };
const FULL_COPY_LABEL = 'A full copy — not for contacting anyone';

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

describe('Export for a purpose', () => {
  it('asks what the export is for before writing anything', async () => {
    const { calls, user } = setup({ 'plugin:dialog|save': () => '/home/ada/x.csv' });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Newsletter' })).toBeInTheDocument());
    expect(screen.getByTestId('export-purpose')).toHaveValue('');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'Choose what the export is for: a purpose, or a full copy that is not for contacting anyone.',
    );
    expect(calls.some((c) => c.command === 'plugin:dialog|save' || c.command.startsWith('export'))).toBe(false);
  });

  it('exports only the contacts of the list with a basis for the purpose, and says who was left out', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/newsletter.csv',
      export_scope_for_purpose: () => purposeCounts('newsletter', 3, { noConsent: 2, withdrawn: 1, objected: 1 }),
    });
    await choosePurpose(user, 'Newsletter');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      'Exported 3 contacts to /home/ada/newsletter.csv.',
    );
    expect(screen.getByTestId('export-left-out')).toHaveTextContent(
      '4 left out: 2 no consent given, 1 consent withdrawn, 1 objected to marketing.',
    );
    expect(calls.find((c) => c.command === 'export_scope_for_purpose')?.args).toEqual({
      format: 'csv',
      purpose: 'newsletter',
      scope: { kind: 'query', query: VIP },
      path: '/home/ada/newsletter.csv',
    });
    expect(calls.some((c) => c.command === 'export_contacts_where')).toBe(false);
  });

  it('filters hand-picked rows by the purpose too, counting erased ones', async () => {
    const { calls, user } = setup(
      {
        'plugin:dialog|save': () => '/home/ada/picked.vcf',
        export_scope_for_purpose: () => purposeCounts('profiling', 1, { withdrawn: 1, erased: 1 }),
      },
      { checkedIds: [1, 2, 9], filtered: false },
    );
    expect(screen.getByTestId('export-scope-checked')).toBeChecked();
    await choosePurpose(user, 'Profiling');
    expect(screen.getByTestId('export-scope-checked')).toBeEnabled();
    await user.click(screen.getByTestId('export-format-vcard'));
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-left-out')).toHaveTextContent(
      '2 left out: 1 consent withdrawn, 1 erased.',
    );
    expect(calls.find((c) => c.command === 'export_scope_for_purpose')?.args).toEqual({
      format: 'vcard',
      purpose: 'profiling',
      scope: { kind: 'ids', ids: [1, 2, 9] },
      path: '/home/ada/picked.vcf',
    });
    expect(calls.some((c) => c.command === 'export_contacts')).toBe(false);
  });

  it('covers every contact, in the list’s order, when “all” is chosen with a purpose', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/all.csv',
      export_scope_for_purpose: () => purposeCounts('newsletter', 5),
    });
    await user.click(screen.getByTestId('export-scope-all'));
    await choosePurpose(user, 'Newsletter');
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-left-out')).toHaveTextContent('Nobody was left out.');
    expect(calls.find((c) => c.command === 'export_scope_for_purpose')?.args).toMatchObject({
      scope: { kind: 'query', query: { tag: null, ownerId: null, companyId: null, sort: 'newest' } },
    });
  });

  it('says that a full copy was checked against no purpose', async () => {
    const { calls, user } = setup({
      'plugin:dialog|save': () => '/home/ada/vip.csv',
      export_contacts_where: () => 7,
    });
    await user.selectOptions(await screen.findByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));

    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 7 contacts');
    expect(screen.getByTestId('export-left-out')).toHaveTextContent(
      'A full copy: nobody was checked against a purpose, so it is not for contacting anyone.',
    );
    expect(calls.find((c) => c.command === 'export_contacts_where')?.args).toMatchObject({ query: VIP });
  });

  it('offers only a full copy when the purposes cannot be loaded', async () => {
    const { calls, user } = setup({
      list_purposes: () => {
        throw new Error('no');
      },
      'plugin:dialog|save': () => '/home/ada/vip.csv',
      export_contacts_where: () => 7,
    });
    await waitFor(() => expect(calls.some((c) => c.command === 'list_purposes')).toBe(true));
    const options = [...screen.getByTestId<HTMLSelectElement>('export-purpose').options].map((o) => o.text);
    expect(options).toEqual(['Choose…', FULL_COPY_LABEL]);
    await user.selectOptions(screen.getByTestId('export-purpose'), FULL_COPY_LABEL);
    await user.click(screen.getByTestId('export-save'));
    expect(await screen.findByTestId('export-result')).toHaveTextContent('Exported 7 contacts');
  });
});
