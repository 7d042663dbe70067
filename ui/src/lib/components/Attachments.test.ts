import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../api';
import { ada, mockBackend, sessionAs } from '../../test/backend';
import { formatSize } from '../format';
import Attachments from './Attachments.svelte';

const about = { kind: 'contact' as const, id: 2 };

function file(id: number, patch: Partial<Attachment> = {}): Attachment {
  return {
    id,
    name: `file-${id}.pdf`,
    size: 1234,
    sha256: 'a'.repeat(64),
    ownerId: 1,
    createdAt: '2026-03-02T10:00:00Z',
    ...patch,
  };
}

describe('Attachments', () => {
  it('lists the files and adds the ones chosen in the picker', async () => {
    let stored = [file(1, { name: 'quote.pdf', size: 2_500_000 })];
    const calls = mockBackend({
      list_attachments: () => stored,
      'plugin:dialog|open': () => ['/home/ada/contract.pdf', '/home/ada/id.png'],
      add_attachments: () => {
        stored = [file(3, { name: 'id.png' }), file(2, { name: 'contract.pdf' }), ...stored];
        return [2, 3];
      },
    });
    render(Attachments, { session: ada, about, ownerId: 1 });
    const user = userEvent.setup();

    const section = screen.getByTestId('attachments');
    await waitFor(() => expect(within(section).getAllByTestId('attachment-row')).toHaveLength(1));
    expect(section).toHaveTextContent('quote.pdf');
    expect(section).toHaveTextContent(formatSize(2_500_000));

    await user.click(screen.getByTestId('attachment-add'));
    await waitFor(() => expect(within(section).getAllByTestId('attachment-row')).toHaveLength(3));
    expect(within(section).getAllByTestId('attachment-name').map((n) => n.textContent)).toEqual([
      'id.png',
      'contract.pdf',
      'quote.pdf',
    ]);
    expect(calls.find((c) => c.command === 'add_attachments')?.args).toEqual({
      on: about,
      paths: ['/home/ada/contract.pdf', '/home/ada/id.png'],
    });
  });

  it('asks before deleting a file, and deletes it only when confirmed', async () => {
    let stored = [file(1)];
    const calls = mockBackend({
      list_attachments: () => stored,
      delete_attachment: () => {
        stored = [];
        return null;
      },
    });
    render(Attachments, { session: ada, about, ownerId: 1 });
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('attachment-delete'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Move file-1.pdf to the recycle bin?');
    expect(calls.map((c) => c.command)).toEqual(['list_attachments']);
    await user.click(screen.getByTestId('attachment-confirm-delete'));
    await screen.findByTestId('attachments-empty');
    expect(calls.filter((c) => c.command === 'delete_attachment').map((c) => c.args)).toEqual([{ id: 1 }]);
  });

  it('offers a viewer the list and nothing else, and an agent opening but no copy', async () => {
    mockBackend({ list_attachments: () => [file(1, { ownerId: 9 })] });
    const { unmount } = render(Attachments, { session: sessionAs('viewer'), about, ownerId: 9 });
    await screen.findByTestId('attachment-row');
    for (const id of ['attachment-add', 'attachment-open', 'attachment-save-copy', 'attachment-rename', 'attachment-delete']) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    unmount();

    render(Attachments, { session: sessionAs('agent', 'agnes', 5), about, ownerId: 9 });
    await screen.findByTestId('attachment-row');
    expect(screen.getByTestId('attachment-open')).toBeInTheDocument();
    expect(screen.queryByTestId('attachment-save-copy')).not.toBeInTheDocument();
    expect(screen.queryByTestId('attachment-add')).not.toBeInTheDocument();
  });

  it('renames a file in place', async () => {
    let stored = [file(1, { name: 'scan.pdf' })];
    const calls = mockBackend({
      list_attachments: () => stored,
      rename_attachment: (args) => {
        stored = [file(1, { name: String(args.name) })];
        return stored[0];
      },
    });
    render(Attachments, { session: ada, about, ownerId: 1 });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('attachment-rename'));
    await user.clear(screen.getByTestId('attachment-new-name'));
    await user.type(screen.getByTestId('attachment-new-name'), 'passport.pdf{Enter}');
    await waitFor(() => expect(screen.getByTestId('attachment-name')).toHaveTextContent('passport.pdf'));
    expect(calls.find((c) => c.command === 'rename_attachment')?.args).toEqual({ id: 1, name: 'passport.pdf' });
  });
});
