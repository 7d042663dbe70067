import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.svelte';
import DateField from './DateField.svelte';

/** The field with its bound value kept in a rune, as a form's `bind:value` keeps it. */
function field(value = '') {
  const props = $state({ id: 'due', testid: 'due', value });
  render(DateField, props);
  const input = screen.getByTestId<HTMLInputElement>('due');
  return { props, input };
}

describe('DateField', () => {
  afterEach(() => setLanguage('en'));

  it('shows the bound day as Romanian writes it, with the pattern as its placeholder', () => {
    setLanguage('ro');
    const { input } = field('2026-12-06');
    expect(input.value).toBe('06.12.2026');
    expect(input.type).toBe('text');
    const empty = render(DateField, { id: 'other', testid: 'other', value: '' });
    expect(empty.getByTestId('other')).toHaveAttribute('placeholder', 'zz.ll.aaaa');
  });

  it('binds the ISO day of a Romanian date typed in', async () => {
    setLanguage('ro');
    const { props, input } = field();
    await userEvent.type(input, '6.12.2026');
    expect(props.value).toBe('2026-12-06');
    await fireEvent.change(input);
    expect(input.value).toBe('06.12.2026');
  });

  it('reads an ISO day set by a script, as the end-to-end tests set it', async () => {
    setLanguage('ro');
    const { props, input } = field();
    input.value = '2026-12-31';
    await fireEvent.input(input);
    await fireEvent.change(input);
    expect(props.value).toBe('2026-12-31');
    expect(input.value).toBe('31.12.2026');
  });

  it('refuses a day the calendar has not, with an error in Romanian', async () => {
    setLanguage('ro');
    const { props, input } = field('2026-02-01');
    await userEvent.clear(input);
    await userEvent.type(input, '31.02.2026');
    await fireEvent.change(input);
    expect(props.value).not.toBe('2026-02-01');
    expect(props.value).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByTestId('due-error');
    expect(error.textContent).toContain('„31.02.2026” nu este o dată');
    expect(error.textContent).toContain('zz.ll.aaaa');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('redraws the day when the language changes and when the form resets it', () => {
    setLanguage('ro');
    const { props, input } = field('2026-12-06');
    expect(input.value).toBe('06.12.2026');
    setLanguage('en');
    flushSync();
    expect(input.value).not.toBe('06.12.2026');
    expect(input.value).toMatch(/2026/);
    props.value = '';
    flushSync();
    expect(input.value).toBe('');
  });

  it('moves a day with the arrow keys and picks one in a month grid that starts on Monday in Romanian', async () => {
    setLanguage('ro');
    const { props, input } = field('2026-12-06');
    input.focus();
    await userEvent.keyboard('{ArrowUp}');
    expect(props.value).toBe('2026-12-07');
    await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}');
    const grid = screen.getByTestId('due-grid');
    const heads = [...grid.querySelectorAll('th')].map((th) => th.textContent?.trim());
    expect(heads[0]).toMatch(/^lun/);
    expect(document.activeElement?.getAttribute('data-day')).toBe('2026-12-07');
    await userEvent.keyboard('{ArrowRight}{ArrowDown}{Enter}');
    expect(props.value).toBe('2026-12-15');
    expect(input.value).toBe('15.12.2026');
    expect(screen.queryByTestId('due-grid')).toBeNull();
  });
});
