import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.svelte';
import { activity, ada, mockBackend, sessionAs } from '../../test/backend';
import Timeline from './Timeline.svelte';

const about = { kind: 'contact' as const, id: 2 };

describe('Timeline', () => {
  it('lists the activities newest first and logs a call on top of them', async () => {
    const calls = mockBackend({
      list_activities: () => [
        activity(2, { subject: 'Sent the quote', kind: 'email', occurredAt: '2026-03-02T10:00:00Z' }),
        activity(1, { subject: 'First meeting', kind: 'meeting', body: 'At the fair.', occurredAt: '2026-03-01T10:00:00Z' }),
      ],
      add_activity: () => activity(3, { subject: 'Called back', kind: 'call', body: 'Wants a demo.' }),
    });
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    const timeline = screen.getByTestId('contact-timeline');
    await waitFor(() => expect(within(timeline).getAllByTestId('timeline-item')).toHaveLength(2));
    expect(within(timeline).getAllByTestId('timeline-item').map((i) => i.dataset.kind)).toEqual(['email', 'meeting']);
    expect(screen.getByText('At the fair.')).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('activity-kind'), 'call');
    await user.type(screen.getByTestId('activity-subject'), ' Called back ');
    await user.type(screen.getByTestId('activity-body'), 'Wants a demo.');
    await user.click(screen.getByTestId('activity-save'));

    await waitFor(() => expect(within(timeline).getAllByTestId('timeline-item')).toHaveLength(3));
    expect(within(timeline).getAllByTestId('timeline-item')[0]).toHaveTextContent('Called back');
    expect(screen.getByTestId('activity-subject')).toHaveValue('');
    expect(calls.find((c) => c.command === 'add_activity')?.args).toEqual({
      activity: { kind: 'call', subject: 'Called back', body: 'Wants a demo.', occurredAt: '', about },
    });
  });

  it('asks for a subject first, and shows a viewer the timeline without the form', async () => {
    const calls = mockBackend({ list_activities: () => [] });
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    await user.click(screen.getByTestId('activity-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Enter a subject for the activity.');
    expect(calls.map((c) => c.command)).toEqual(['list_activities']);
  });

  it('corrects an activity in place', async () => {
    const calls = mockBackend({
      list_activities: () => [activity(1, { subject: 'Intro call', kind: 'call', body: 'About COBOL.' })],
      update_activity: () => activity(1, { subject: 'Intro meeting', kind: 'meeting', body: null }),
    });
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    const item = await screen.findByTestId('timeline-item');
    await user.click(within(item).getByRole('button', { name: 'Edit the activity Intro call' }));
    const form = within(item).getByTestId('activity-edit-form');
    expect(within(form).getByTestId('activity-edit-kind')).toHaveValue('call');
    expect(within(form).getByTestId('activity-edit-body')).toHaveValue('About COBOL.');
    await user.selectOptions(within(form).getByTestId('activity-edit-kind'), 'meeting');
    await user.clear(within(form).getByTestId('activity-edit-subject'));
    await user.click(within(form).getByTestId('activity-edit-save'));
    expect(within(form).getByTestId('error-message')).toHaveTextContent('Enter a subject for the activity.');
    await user.type(within(form).getByTestId('activity-edit-subject'), 'Intro meeting ');
    await user.clear(within(form).getByTestId('activity-edit-body'));
    await user.click(within(form).getByTestId('activity-edit-save'));

    await waitFor(() => expect(screen.getByTestId('timeline-item')).toHaveTextContent('Intro meeting'));
    expect(screen.getByTestId('timeline-item').dataset.kind).toBe('meeting');
    expect(screen.queryByTestId('activity-edit-form')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'update_activity').map((c) => c.args)).toEqual([
      { id: 1, activity: { kind: 'meeting', subject: 'Intro meeting', body: '', occurredAt: '' } },
    ]);
  });

  it('asks before deleting an activity, and deletes it only when confirmed', async () => {
    const calls = mockBackend({
      list_activities: () => [activity(1, { subject: 'Wrong number' })],
      activity_attachment_counts: () => [],
      delete_activity: () => null,
    });
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    const item = await screen.findByTestId('timeline-item');
    await user.click(within(item).getByTestId('activity-delete'));
    expect(within(item).getByRole('alertdialog')).toHaveTextContent('Delete “Wrong number”? It stays in the recycle bin for 30 days.');
    await user.click(within(item).getByRole('button', { name: 'Cancel' }));
    expect(within(item).queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(calls.map((c) => c.command)).toEqual(['list_activities', 'activity_attachment_counts']);

    await user.click(within(item).getByTestId('activity-delete'));
    await user.click(within(item).getByTestId('activity-confirm-delete'));
    expect(await screen.findByTestId('timeline-empty')).toBeInTheDocument();
    expect(calls.map((c) => c.command)).toEqual(['list_activities', 'activity_attachment_counts', 'delete_activity']);
  });

  it('has no form for a viewer', async () => {
    mockBackend({ list_activities: () => [activity(1)] });
    render(Timeline, { session: sessionAs('viewer', 'vic', 6), about, testId: 'contact-timeline' });

    expect(await screen.findByTestId('timeline-item')).toBeInTheDocument();
    expect(screen.queryByTestId('activity-save')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete the activity/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId('activity-edit')).not.toBeInTheDocument();
  });

  it('speaks Romanian: heading, kinds, labels and the missing subject', async () => {
    mockBackend({ list_activities: () => [activity(1, { subject: 'Prima întâlnire', kind: 'meeting' })] });
    setLanguage('ro');
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    expect(screen.getByRole('heading', { name: 'Cronologie' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Înregistrați o activitate' })).toBeInTheDocument();
    expect([...screen.getByTestId('activity-kind').querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Notă',
      'Apel',
      'Întâlnire',
      'E-mail',
    ]);
    expect(await screen.findByTestId('timeline-item')).toHaveTextContent('Întâlnire');
    expect(screen.getByRole('button', { name: 'Ștergeți activitatea Prima întâlnire' })).toHaveAttribute('title', 'Ștergeți');
    await user.click(screen.getByTestId('activity-save'));
    expect(screen.getByTestId('error-message')).toHaveTextContent('Introduceți un subiect pentru activitate.');
  });
});

describe('Timeline files', () => {
  it('shows a paperclip with the count on each activity, and its files under it', async () => {
    const calls = mockBackend({
      list_activities: () => [activity(2, { subject: 'Sent the quote', kind: 'email' }), activity(1, { subject: 'Met' })],
      activity_attachment_counts: () => [{ activityId: 2, count: 2 }],
      list_attachments: () => [
        { id: 7, name: 'quote.pdf', size: 2048, sha256: 'a'.repeat(64), ownerId: 1, createdAt: '2026-03-02T10:00:00Z' },
        { id: 8, name: 'terms.pdf', size: 1024, sha256: 'b'.repeat(64), ownerId: 1, createdAt: '2026-03-02T10:00:00Z' },
      ],
    });
    render(Timeline, { session: ada, about, testId: 'contact-timeline' });
    const user = userEvent.setup();

    await waitFor(() => expect(screen.getAllByTestId('activity-file-count').map((c) => c.textContent)).toEqual(['2', '0']));
    const [quote, met] = screen.getAllByTestId('activity-files') as [HTMLElement, HTMLElement];
    expect(quote).toHaveAccessibleName('2 files on the activity Sent the quote');
    expect(met).toHaveAccessibleName('0 files on the activity Met');
    expect(calls.find((c) => c.command === 'activity_attachment_counts')?.args).toEqual({ about });

    await user.click(quote);
    expect(quote).toHaveAttribute('aria-expanded', 'true');
    const item = screen.getAllByTestId('timeline-item')[0] as HTMLElement;
    await waitFor(() => expect(within(item).getAllByTestId('attachment-row')).toHaveLength(2));
    expect(calls.find((c) => c.command === 'list_attachments')?.args).toEqual({ on: { kind: 'activity', id: 2 } });
    await user.click(quote);
    expect(within(item).queryByTestId('attachments')).not.toBeInTheDocument();
  });

  it('counts a file added to an activity, in Romanian too', async () => {
    let stored: { id: number; name: string; size: number; sha256: string; ownerId: number; createdAt: string }[] = [];
    mockBackend({
      list_activities: () => [activity(1, { subject: 'Întâlnire' })],
      activity_attachment_counts: () => [],
      list_attachments: () => stored,
      'plugin:dialog|open': () => ['/home/ada/proces-verbal.pdf'],
      add_attachments: () => {
        stored = [{ id: 5, name: 'proces-verbal.pdf', size: 10, sha256: 'c'.repeat(64), ownerId: 1, createdAt: '2026-03-02T10:00:00Z' }];
        return [5];
      },
    });
    setLanguage('ro');
    try {
      render(Timeline, { session: ada, about, testId: 'contact-timeline' });
      const user = userEvent.setup();
      const clip = await screen.findByTestId('activity-files');
      await user.click(clip);
      await user.click(await screen.findByTestId('attachment-add'));
      await waitFor(() => expect(screen.getByTestId('activity-file-count')).toHaveTextContent('1'));
      expect(clip).toHaveAccessibleName('1 fișier la activitatea Întâlnire');
    } finally {
      setLanguage('en');
    }
  });

  it('shows a viewer no paperclip on an activity without files', async () => {
    mockBackend({
      list_activities: () => [activity(2, { subject: 'Sent the quote', ownerId: 9 }), activity(1, { subject: 'Met', ownerId: 9 })],
      activity_attachment_counts: () => [{ activityId: 2, count: 1 }],
    });
    render(Timeline, { session: sessionAs('viewer'), about, testId: 'contact-timeline' });
    await waitFor(() => expect(screen.getAllByTestId('activity-file-count').map((c) => c.textContent)).toEqual(['1']));
  });
});
