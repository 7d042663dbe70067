import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { chooseOpenPath, chooseOpenPaths, chooseSavePath } from './dialogs';

describe('dialogs', () => {
  it('asks for a file to open with the dialog and its filters, and gives null when it is cancelled', async () => {
    let answer: string | null = '/home/ada/people.csv';
    const calls = mockBackend({ 'plugin:dialog|open': () => answer });
    const filters = [{ name: 'CSV file', extensions: ['csv'] }];

    await expect(chooseOpenPath(filters)).resolves.toBe('/home/ada/people.csv');
    answer = null;
    await expect(chooseOpenPath(filters)).resolves.toBeNull();

    expect(calls[0]).toEqual({
      command: 'plugin:dialog|open',
      args: { options: { multiple: false, directory: false, filters } },
    });
  });

  it('asks for a CSV path with the save dialog, and gives null when it is cancelled', async () => {
    let answer: string | null = '/home/ada/audit.csv';
    const calls = mockBackend({ 'plugin:dialog|save': () => answer });

    await expect(chooseSavePath('steward-audit.csv')).resolves.toBe('/home/ada/audit.csv');
    answer = null;
    await expect(chooseSavePath('steward-audit.csv')).resolves.toBeNull();

    expect(calls[0]).toEqual({
      command: 'plugin:dialog|save',
      args: { options: { defaultPath: 'steward-audit.csv', filters: [{ name: 'CSV file', extensions: ['csv'] }] } },
    });
  });
});

describe('dialogs in the end-to-end tests', () => {
  it('answer with the queued paths without showing a dialog, a cancelled one as null', async () => {
    const queue: (string[] | null)[] = [['/tmp/e2e/quote.pdf'], [], ['/tmp/e2e/copy.pdf'], null];
    const calls = mockBackend({
      next_test_pick: () => queue.shift() ?? null,
      'plugin:dialog|save': () => '/home/ada/asked.csv',
    });

    await expect(chooseOpenPath([])).resolves.toBe('/tmp/e2e/quote.pdf');
    await expect(chooseSavePath('x.pdf', [])).resolves.toBeNull();
    await expect(chooseSavePath('x.pdf', [])).resolves.toBe('/tmp/e2e/copy.pdf');
    // Nothing queued: the user is asked.
    await expect(chooseSavePath('x.pdf', [])).resolves.toBe('/home/ada/asked.csv');
    expect(calls.map((c) => c.command)).toEqual([
      'next_test_pick',
      'next_test_pick',
      'next_test_pick',
      'next_test_pick',
      'plugin:dialog|save',
    ]);
  });

  it('answer a dialog for several files with all the queued paths', async () => {
    const queue: (string[] | null)[] = [['/tmp/e2e/a.eml', '/tmp/e2e/b.eml'], null];
    const calls = mockBackend({
      next_test_pick: () => queue.shift() ?? null,
      'plugin:dialog|open': () => ['/home/ada/asked.eml'],
    });

    await expect(chooseOpenPaths([])).resolves.toEqual(['/tmp/e2e/a.eml', '/tmp/e2e/b.eml']);
    await expect(chooseOpenPaths([])).resolves.toEqual(['/home/ada/asked.eml']);
    expect(calls.map((c) => c.command)).toEqual(['next_test_pick', 'next_test_pick', 'plugin:dialog|open']);
  });
});
