import { describe, expect, it } from 'vitest';
import { portal } from './portal';

describe('portal', () => {
  it('moves the element to the end of the body, and removes it when destroyed', () => {
    const panel = document.createElement('section');
    const dialog = document.createElement('div');
    panel.appendChild(dialog);
    document.body.appendChild(panel);

    const action = portal(dialog);
    expect(dialog.parentElement).toBe(document.body);
    expect(document.body.lastElementChild).toBe(dialog);
    action.destroy();
    expect(dialog.isConnected).toBe(false);
    panel.remove();
  });
});
