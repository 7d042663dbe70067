import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { activity, emptyDashboard, mockBackend, STAGES, task } from '../../test/backend';
import { setLanguage } from '../../lib/i18n.svelte';
import Dashboard from './Dashboard.svelte';
import { drawPipelineChart } from './pipelineChart';

vi.mock('./pipelineChart', () => ({
  drawPipelineChart: vi.fn(() => ({ update: vi.fn(), destroy: vi.fn() })),
}));

describe('Dashboard', () => {
  it('draws the pipeline chart in its container and lists tasks, activity and the contact count', async () => {
    const data = {
      ...emptyDashboard(100_000),
      pipeline: STAGES.map((stage) => ({
        stage,
        count: stage.id === 1 ? 2 : 0,
        amounts: stage.id === 1 ? [{ currency: 'EUR', amountMinor: 250_000 }] : [],
      })),
      tasksToday: [task(1, { title: 'Call Ada back' })],
      tasksOverdue: [task(2, { title: 'Send the quote', dueDate: '2020-01-01' })],
      recentActivity: [activity(9, { subject: 'Met at the fair', kind: 'meeting', about: { kind: 'company', id: 4 } })],
    };
    const calls = mockBackend({ dashboard: () => data });
    const onOpen = vi.fn();
    render(Dashboard, { onOpen, onNavigate: vi.fn() });
    const user = userEvent.setup();

    const chart = await screen.findByTestId('pipeline-chart');
    expect(screen.getByTestId('dashboard')).toContainElement(chart);
    await waitFor(() => expect(drawPipelineChart).toHaveBeenCalledOnce());
    const [canvas, series] = vi.mocked(drawPipelineChart).mock.calls[0]!;
    expect(chart).toContainElement(canvas);
    expect(series).toEqual({
      labels: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'],
      datasets: [{ currency: 'EUR', values: [2500, 0, 0, 0, 0, 0] }],
    });

    expect(screen.getByTestId('dashboard-contacts')).toHaveTextContent((100_000).toLocaleString());
    expect(within(screen.getByTestId('dashboard-today')).getByText('Call Ada back')).toBeInTheDocument();
    expect(within(screen.getByTestId('dashboard-overdue')).getByText('Send the quote')).toBeInTheDocument();
    await user.click(within(screen.getByTestId('dashboard-activity')).getByRole('button', { name: /Met at the fair/ }));
    expect(onOpen).toHaveBeenCalledWith({ kind: 'company', id: 4 });
    expect(calls.map((c) => c.command)).toEqual(['dashboard']);
  });

  it('still shows the chart container, with a hint, when there are no deals', async () => {
    mockBackend({ dashboard: () => emptyDashboard() });
    render(Dashboard, { onOpen: vi.fn(), onNavigate: vi.fn() });

    expect(await screen.findByText(/No deals yet/)).toBeInTheDocument();
    expect(screen.getByTestId('pipeline-chart')).toBeInTheDocument();
  });

  it('speaks Romanian: plural deal counts, numbers and the chart in Romanian', async () => {
    setLanguage('ro');
    vi.mocked(drawPipelineChart).mockClear();
    mockBackend({
      dashboard: () => ({
        ...emptyDashboard(12_345),
        pipeline: STAGES.map((stage) => ({
          stage,
          count: stage.id === 1 ? 2 : stage.id === 2 ? 20 : 0,
          amounts: stage.id === 1 ? [{ currency: 'EUR', amountMinor: 250_000 }] : [],
        })),
      }),
    });
    render(Dashboard, { onOpen: vi.fn(), onNavigate: vi.fn() });

    expect(await screen.findByTestId('dashboard-contacts')).toHaveTextContent('12.345');
    const row = (name: string) => screen.getAllByTestId('pipeline-stage').find((r) => r.dataset.stageName === name)!;
    expect(row('Lead')).toHaveTextContent('2 oportunități');
    expect(row('Lead')).toHaveTextContent('2.500,00 €');
    expect(row('Qualified')).toHaveTextContent('20 de oportunități');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Tablou de bord');
    expect(screen.getByText('Nimic nu are termen azi.')).toBeInTheDocument();
    await waitFor(() => expect(drawPipelineChart).toHaveBeenCalledOnce());
    expect(vi.mocked(drawPipelineChart).mock.calls[0]![2]).toBe('ro-RO');
  });
});
