import { describe, expect, it, vi } from 'vitest';
import { listening } from './listening';

describe('listening', () => {
  it('ends a subscription made before the end', async () => {
    const unlisten = vi.fn();
    const end = listening(() => Promise.resolve(unlisten));
    await Promise.resolve();
    await Promise.resolve();
    expect(unlisten).not.toHaveBeenCalled();
    end();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('ends a subscription made after the end, as soon as it is made', async () => {
    const unlisten = vi.fn();
    let made: (u: () => void) => void = () => {};
    const end = listening(() => new Promise((resolve) => (made = resolve)));
    end();
    made(unlisten);
    await Promise.resolve();
    await Promise.resolve();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('leaves nothing to end when the subscription fails', async () => {
    const end = listening(() => Promise.reject(new Error('no backend')));
    await Promise.resolve();
    expect(() => end()).not.toThrow();
  });
});
