import { describe, expect, it } from 'vitest';
import { editingIn } from './editing';

function page(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

describe('editingIn', () => {
  it('is true while a record form is open, even without the focus', () => {
    const content = page('<form aria-labelledby="contact-form-title"><input id="n" /></form>');
    expect(editingIn(content, document.body)).toBe(true);
  });

  it('is true while a text area of the page has the focus, not a search field, a button or a field elsewhere', () => {
    const content = page('<textarea id="note"></textarea><input id="q" type="search" /><button id="b">Go</button>');
    const outside = document.createElement('textarea');
    document.body.append(outside);
    expect(editingIn(content, content.querySelector('#note'))).toBe(true);
    expect(editingIn(content, content.querySelector('#q'))).toBe(false);
    expect(editingIn(content, content.querySelector('#b'))).toBe(false);
    expect(editingIn(content, outside)).toBe(false);
  });

  it('is false for a list with its filter form', () => {
    const content = page('<form data-testid="contact-filters"><input /></form><table></table>');
    expect(editingIn(content, document.body)).toBe(false);
    expect(editingIn(null, null)).toBe(false);
  });
});
