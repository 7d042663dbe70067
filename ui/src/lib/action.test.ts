import { describe, expect, it, vi } from 'vitest';
import { Action } from './action.svelte';
import { ApiError } from './api';
import { FALLBACK_MESSAGE } from './api/errors';

/** A promise the test settles by hand, to look at the action while it runs. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Action', () => {
  it('is busy while the action runs and resolves with what it resolved with', async () => {
    const action = new Action();
    const answer = deferred<number>();
    const run = action.run(() => answer.promise);
    expect(action.busy).toBe(true);
    answer.resolve(42);
    await expect(run).resolves.toBe(42);
    expect(action.busy).toBe(false);
    expect(action.error).toBe('');
  });

  it('shows the backend sentence of a failure and is no longer busy', async () => {
    const action = new Action();
    const onError = vi.fn();
    const result = await action.run(() => Promise.reject(new ApiError('invalid_input', 'Give the deal a title.')), {
      onError,
    });
    expect(result).toBeUndefined();
    expect(action.error).toBe('Give the deal a title.');
    expect(action.busy).toBe(false);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('shows the generic sentence for a failure that is not a backend error, never its text', async () => {
    const action = new Action();
    await action.run(() => Promise.reject(new Error('SELECT * FROM contacts')));
    expect(action.error).toBe(FALLBACK_MESSAGE);
  });

  it('clears the previous error when it runs again', async () => {
    const action = new Action();
    await action.run(() => Promise.reject(new ApiError('other', 'It failed.')));
    const answer = deferred<void>();
    const run = action.run(() => answer.promise);
    expect(action.error).toBe('');
    answer.resolve();
    await run;
    expect(action.error).toBe('');
  });

  it('tells which tagged action runs', async () => {
    const action = new Action<string>();
    const answer = deferred<void>();
    const run = action.run(() => answer.promise, { tag: 'ada' });
    expect(action.running).toBe('ada');
    expect(action.is('ada')).toBe(true);
    expect(action.is('grace')).toBe(false);
    answer.resolve();
    await run;
    expect(action.running).toBeNull();
  });

  it('lets only the newest run show its error, and stays busy until every run has settled', async () => {
    const action = new Action();
    const first = deferred<void>();
    const second = deferred<void>();
    const seen: boolean[] = [];
    const firstRun = action.run(async (isCurrent) => {
      await first.promise;
      seen.push(isCurrent());
    });
    const secondRun = action.run(() => second.promise);
    first.reject(new ApiError('other', 'The old request failed.'));
    await firstRun;
    expect(action.error).toBe('');
    expect(action.busy).toBe(true);
    second.resolve();
    await secondRun;
    expect(action.busy).toBe(false);
    expect(seen).toEqual([]);
  });

  it('tells a run that a newer one overtook it', async () => {
    const action = new Action();
    const first = deferred<void>();
    let wasCurrent: boolean | null = null;
    const firstRun = action.run(async (isCurrent) => {
      await first.promise;
      wasCurrent = isCurrent();
    });
    await action.run(() => Promise.resolve());
    first.resolve();
    await firstRun;
    expect(wasCurrent).toBe(false);
  });

  it('shows a sentence of the screen itself', () => {
    const action = new Action();
    action.fail('Choose the backup file (it ends in .stwbak).');
    expect(action.error).toBe('Choose the backup file (it ends in .stwbak).');
  });
});
