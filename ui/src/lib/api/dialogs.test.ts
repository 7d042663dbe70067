import { describe, expect, it } from 'vitest';
import { mockBackend } from '../../test/backend';
import { chooseOpenPath, chooseSavePath } from './dialogs';

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
