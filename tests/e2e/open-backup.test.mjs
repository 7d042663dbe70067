// Opening a backup file as the desktop does: `steward-app FILE.stwbak`
// (what "Open with Steward" runs) starts on the restore screen with the file
// chosen, and restoring it opens the restored vault. A second launch with a
// file, while Steward runs, ends at once and hands the file to the window
// already open: only one Steward process holds a vault.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import {
  APP,
  cli,
  click,
  find,
  freshHome,
  launch,
  prepareVault,
  saveArtifacts,
  type,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const NAME = 'Oona Openedfile';

/** A vault with one contact and a manual backup of it; returns the backup file's path. */
function backupWithOneContact(home) {
  const vault = prepareVault(home, PASSWORD);
  cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', NAME]);
  cli(vault, 'ada', PASSWORD, ['backup', 'create']);
  const manual = JSON.parse(cli(vault, 'ada', PASSWORD, ['backup', 'list', '--json'])).find((b) => b.kind === 'manual');
  assert.ok(manual, 'the CLI made a manual backup');
  return manual.file;
}

describe('steward-app FILE.stwbak', () => {
  const source = freshHome();
  const home = freshHome();
  let file;
  let app;

  before(async () => {
    file = backupWithOneContact(source);
    // A new computer: no vault yet, so Steward would otherwise show its first-run screen.
    app = await launch(home, { args: [file] });
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `open-backup-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('starts on the restore screen with the file chosen, and restores it', async () => {
    const { driver } = app;
    const field = await find(driver, 'restore-into-file');
    assert.equal(await field.getAttribute('value'), file);

    const restored = path.join(home.base, 'restored');
    await type(driver, 'restore-into-dir', restored);
    await type(driver, 'restore-into-password', PASSWORD);
    await click(driver, 'restore-into-check');
    await waitForText(driver, 'restore-preview-counts', '1 contact,');
    await click(driver, 'restore-into-confirm');
    await waitForText(driver, 'header-user', 'ada');
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', NAME);
  });
});

describe('a second launch with a backup file', () => {
  const home = freshHome();
  let file;
  let app;

  before(async () => {
    file = backupWithOneContact(home);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `second-launch-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('ends at once and hands the file to the open window', async () => {
    const { driver } = app;
    await find(driver, 'unlock-password');
    const pidsBefore = app.appPids();
    assert.equal(pidsBefore.length, 1, `one Steward process: ${pidsBefore}`);

    // A relative path, as a file manager or a shell in the backup's folder may pass it.
    const second = spawnSync(APP, [path.basename(file)], {
      env: { ...process.env, XDG_DATA_HOME: home.data, XDG_CONFIG_HOME: home.config },
      cwd: path.dirname(file),
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(second.error, undefined, `the second launch ended: ${second.error}`);
    assert.equal(second.status, 0, `the second launch exited cleanly: ${second.stderr}`);

    const field = await find(driver, 'restore-into-file');
    await driver.wait(async () => (await field.getAttribute('value')) === file, 10_000, 'the file reached the window');
    assert.deepEqual(app.appPids(), pidsBefore, 'still the one process');
  });
});
