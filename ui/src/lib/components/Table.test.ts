import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import Table from './Table.svelte';

const rows = createRawSnippet(() => ({
  render: () => '<tbody><tr><td>Ada</td></tr></tbody>',
}));

describe('Table', () => {
  it('passes the screen’s attributes through and keeps its own padding and layout', () => {
    render(Table, {
      props: { children: rows, padding: '0.55rem 0.9rem', fixed: true, style: 'margin-bottom: 1rem;', 'data-testid': 'contacts-table' },
    });
    const table = screen.getByTestId('contacts-table');
    expect(table.tagName).toBe('TABLE');
    expect(table).toHaveClass('data-table', 'fixed');
    expect(table.style.getPropertyValue('--cell-padding')).toBe('0.55rem 0.9rem');
    expect(table.style.marginBottom).toBe('1rem');
    expect(screen.getByText('Ada').tagName).toBe('TD');
  });
});
