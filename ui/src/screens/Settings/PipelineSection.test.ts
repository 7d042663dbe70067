import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../lib/api';
import { mockBackend, reject, STAGES, type Handler } from '../../test/backend';
import PipelineSection from './PipelineSection.svelte';

/** A backend holding the pipeline, changing it as the core would. */
function pipelineBackend(extra: Record<string, Handler> = {}): Record<string, Handler> {
  let stages: Stage[] = STAGES.map((s) => ({ ...s }));
  const renumber = () => (stages = stages.map((s, i) => ({ ...s, position: i + 1 })));
  return {
    list_stages: () => stages,
    add_stage: ({ name, probability, kind }) => {
      const stage = { id: 7, name, probability, kind, position: stages.length + 1 } as Stage;
      stages = [...stages, stage];
      return stage;
    },
    rename_stage: ({ id, name }) => {
      stages = stages.map((s) => (s.id === id ? { ...s, name: name as string } : s));
      return stages.find((s) => s.id === id);
    },
    set_stage_probability: ({ id, probability }) => {
      stages = stages.map((s) => (s.id === id ? { ...s, probability: probability as number } : s));
      return stages.find((s) => s.id === id);
    },
    reorder_stages: ({ ids }) => {
      stages = (ids as number[]).map((id) => stages.find((s) => s.id === id)!);
      return renumber();
    },
    delete_stage: ({ id }) => {
      stages = stages.filter((s) => s.id !== id);
      return renumber();
    },
    ...extra,
  };
}

const row = (name: string) => screen.getAllByTestId('stage-row').find((r) => r.dataset.name === name)!;
const names = () => screen.getAllByTestId('stage-row').map((r) => r.dataset.name);

function setup(extra: Record<string, Handler> = {}, editable = true) {
  const calls = mockBackend(pipelineBackend(extra));
  render(PipelineSection, { editable });
  return { calls, user: userEvent.setup() };
}

describe('Settings: pipeline', () => {
  it('lists the stages in order with their probability and kind', async () => {
    setup();

    expect(await screen.findAllByTestId('stage-row')).toHaveLength(6);
    expect(names()).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(within(row('Proposal')).getByTestId('stage-probability')).toHaveTextContent('50 %');
    expect(row('Won')).toHaveTextContent('Won');
    expect(within(row('Lead')).getByTestId('stage-up')).toBeDisabled();
    expect(within(row('Lost')).getByTestId('stage-down')).toBeDisabled();
  });

  it('adds a stage with its probability and kind at the end', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('stage-row');

    await user.type(screen.getByTestId('stage-add-name'), ' Won (renewal) ');
    await user.type(screen.getByTestId('stage-add-probability'), '100');
    await user.selectOptions(screen.getByTestId('stage-add-kind'), 'won');
    await user.click(screen.getByTestId('stage-add'));

    await waitFor(() => expect(names()).toHaveLength(7));
    expect(names()[6]).toBe('Won (renewal)');
    expect(screen.getByTestId('pipeline-notice')).toHaveTextContent('“Won (renewal)” was added');
    expect(screen.getByTestId('stage-add-name')).toHaveValue('');
    expect(calls.find((c) => c.command === 'add_stage')?.args).toEqual({
      name: 'Won (renewal)',
      probability: 100,
      kind: 'won',
    });
  });

  it('refuses a probability that is not a whole percentage before asking the backend', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('stage-row');

    await user.type(screen.getByTestId('stage-add-name'), 'Pilot');
    await user.type(screen.getByTestId('stage-add-probability'), '150');
    await user.click(screen.getByTestId('stage-add'));

    expect(screen.getByTestId('error-message')).toHaveTextContent('a whole number from 0 to 100');
    expect(calls.some((c) => c.command === 'add_stage')).toBe(false);
  });

  it('renames a stage and changes its probability, calling only for what changed', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('stage-row');

    await user.click(within(row('Proposal')).getByTestId('stage-edit'));
    const name = screen.getByTestId('stage-name-input');
    expect(name).toHaveFocus();
    await user.clear(name);
    await user.type(name, 'Quoted');
    const probability = screen.getByTestId('stage-probability-input');
    await user.clear(probability);
    await user.type(probability, '60{Enter}');

    await waitFor(() => expect(names()[2]).toBe('Quoted'));
    expect(within(row('Quoted')).getByTestId('stage-probability')).toHaveTextContent('60 %');
    expect(calls.filter((c) => c.command === 'rename_stage' || c.command === 'set_stage_probability')).toEqual([
      { command: 'rename_stage', args: { id: 3, name: 'Quoted' } },
      { command: 'set_stage_probability', args: { id: 3, probability: 60 } },
    ]);

    await user.click(within(row('Lead')).getByTestId('stage-edit'));
    const leadProbability = screen.getByTestId('stage-probability-input');
    await user.clear(leadProbability);
    await user.type(leadProbability, '15');
    await user.click(screen.getByTestId('stage-save'));
    await waitFor(() => expect(within(row('Lead')).getByTestId('stage-probability')).toHaveTextContent('15 %'));
    expect(calls.filter((c) => c.command === 'rename_stage')).toHaveLength(1);
  });

  it('moves a stage up and down', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('stage-row');

    await user.click(within(row('Negotiation')).getByTestId('stage-up'));
    await waitFor(() => expect(names()).toEqual(['Lead', 'Qualified', 'Negotiation', 'Proposal', 'Won', 'Lost']));
    await user.click(within(row('Lead')).getByTestId('stage-down'));
    await waitFor(() => expect(names()).toEqual(['Qualified', 'Lead', 'Negotiation', 'Proposal', 'Won', 'Lost']));

    expect(calls.filter((c) => c.command === 'reorder_stages').map((c) => c.args)).toEqual([
      { ids: [1, 2, 4, 3, 5, 6] },
      { ids: [2, 1, 4, 3, 5, 6] },
    ]);
  });

  it('deletes a stage after a confirmation, and shows the core’s sentence when it refuses', async () => {
    const sentence = 'the stage "Lead" still holds 2 deals; move them to another stage first';
    const { calls, user } = setup({
      delete_stage: ({ id }) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (id === 1) throw { code: 'invalid_input', message: sentence };
        return STAGES.filter((s) => s.id !== id);
      },
    });
    await screen.findAllByTestId('stage-row');

    await user.click(within(row('Qualified')).getByTestId('stage-delete'));
    expect(calls.some((c) => c.command === 'delete_stage')).toBe(false);
    await user.click(within(row('Qualified')).getByTestId('stage-confirm-delete'));
    await waitFor(() => expect(names()).not.toContain('Qualified'));
    expect(screen.getByTestId('pipeline-notice')).toHaveTextContent('“Qualified” was deleted');

    await user.click(within(row('Lead')).getByTestId('stage-delete'));
    await user.click(within(row('Lead')).getByTestId('stage-confirm-delete'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(sentence);
    expect(names()).toContain('Lead');
    expect(within(row('Lead')).queryByTestId('stage-confirm-delete')).not.toBeInTheDocument();
  });

  it('only lists the stages to a user who may not change them', async () => {
    const { calls } = setup({}, false);

    expect(await screen.findAllByTestId('stage-row')).toHaveLength(6);
    expect(screen.getByTestId('pipeline-section')).toHaveTextContent('Only owners and admins change the pipeline.');
    for (const id of ['stage-edit', 'stage-up', 'stage-delete', 'stage-add']) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    expect(calls.map((c) => c.command)).toEqual(['list_stages']);
  });

  it('offers to try again when the stages cannot be read', async () => {
    setup({ list_stages: reject('other', 'The vault could not be read.') });
    expect(await screen.findByTestId('error-message')).toHaveTextContent('The vault could not be read.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
