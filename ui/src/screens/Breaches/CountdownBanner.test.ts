import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../lib/i18n.svelte';
import { ada, mockBackend, sessionAs } from '../../test/backend';
import CountdownBanner from './CountdownBanner.svelte';

describe('CountdownBanner', () => {
  it('shows the time left of the nearest undecided incident and opens it', async () => {
    setLanguage('en');
    mockBackend({
      breach_countdown: () => ({ breachId: 4, deadline: '2026-12-04T10:00:00Z', minutesLeft: 2530, undecided: 1 }),
    });
    const onOpen = vi.fn();
    render(CountdownBanner, { session: ada, onOpen });
    const banner = await screen.findByTestId('breach-countdown');
    expect(banner.textContent).toContain('Incident 4 waits for a decision: 42 h 10 min left');
    await userEvent.setup().click(screen.getByTestId('breach-countdown-open'));
    expect(onOpen).toHaveBeenCalledWith(4);
  });

  it('says in Romanian when the deadline has passed', async () => {
    setLanguage('ro');
    mockBackend({
      breach_countdown: () => ({ breachId: 2, deadline: '2026-12-04T10:00:00Z', minutesLeft: -75, undecided: 1 }),
    });
    render(CountdownBanner, { session: ada, onOpen: vi.fn() });
    const banner = await screen.findByTestId('breach-countdown');
    expect(banner.textContent).toContain('Incidentul 2 a depășit cu 1 h 15 min termenul de 72 de ore');
    setLanguage('en');
  });

  it('never asks for roles that do not handle incidents', () => {
    const calls = mockBackend({});
    render(CountdownBanner, { session: sessionAs('viewer'), onOpen: vi.fn() });
    expect(calls).toEqual([]);
    expect(screen.queryByTestId('breach-countdown')).toBeNull();
  });
});
