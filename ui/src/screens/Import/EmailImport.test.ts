import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { EmailImportReport, EmailImportRequest } from '../../lib/api';
import { mockBackend } from '../../test/backend';
import EmailImport from './EmailImport.svelte';
import { emailLeftOutSentence, emailSentence } from './emailImport';

function report(patch: Partial<EmailImportReport> = {}): EmailImportReport {
  return {
    importId: null,
    messages: 4,
    activitiesCreated: 3,
    attachmentsCreated: 1,
    contactsCreated: 0,
    duplicates: 1,
    unmatched: 0,
    leftOut: 0,
    restricted: 0,
    knownPeople: 0,
    truncated: 0,
    unknown: [
      { address: 'ion@necunoscut.ro', name: 'Ion Ionescu', messages: 2 },
      { address: 'ana@firma.ro', name: null, messages: 4 },
    ],
    dryRun: true,
    ...patch,
  };
}

describe('e-mail import', () => {
  it('says what a preview and an import count', () => {
    expect(emailSentence(report())).toBe(
      '4 messages: 3 e-mails to add to timelines, 1 attachments, 0 new contacts; 1 already there, 0 on no contact.',
    );
    expect(emailSentence(report({ dryRun: false, contactsCreated: 1 }))).toBe(
      'Import finished: 3 e-mails added to timelines, 1 attachments, 1 new contacts; 1 already there, 0 on no contact.',
    );
    expect(emailLeftOutSentence(report())).toBe('');
    expect(emailLeftOutSentence(report({ leftOut: 2 }))).toBe(
      'Left out: 2 (restricted contacts, or people who may not be added again).',
    );
  });

  it('previews the chosen files, creates the ticked addresses only, then imports', async () => {
    const requests: EmailImportRequest[] = [];
    const onImported = vi.fn();
    const calls = mockBackend({
      'plugin:dialog|open': () => ['/home/ada/a.eml', '/home/ada/box.mbox'],
      import_email: (args) => {
        const request = args.request as EmailImportRequest;
        requests.push(request);
        return request.dryRun ? report() : report({ dryRun: false, importId: 7, contactsCreated: 1, unknown: [] });
      },
    });
    render(EmailImport, { onImported });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('import-email-choose'));
    await waitFor(() => expect(screen.getByTestId('import-email-preview')).toBeTruthy());
    const dialog = calls.find((c) => c.command === 'plugin:dialog|open');
    expect(JSON.stringify(dialog?.args)).toContain('mbox');
    expect(requests[0]).toEqual({ paths: ['/home/ada/a.eml', '/home/ada/box.mbox'], dryRun: true, create: [] });
    const rows = screen.getAllByTestId('import-email-unknown');
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Ion Ionescu <ion@necunoscut.ro> messages: 2',
      'ana@firma.ro messages: 4',
    ]);
    await user.click(rows[0]!.querySelector('input')!);
    await user.click(screen.getByTestId('import-email-run'));
    await waitFor(() => expect(screen.getByTestId('import-email-done')).toBeTruthy());
    expect(requests[1]).toEqual({
      paths: ['/home/ada/a.eml', '/home/ada/box.mbox'],
      dryRun: false,
      create: ['ion@necunoscut.ro'],
    });
    expect(onImported).toHaveBeenCalledOnce();
  });
});
