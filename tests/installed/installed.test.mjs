// The installed package, driven as a user would drive it: the binaries under
// /usr/bin (STEWARD_APP_BINARY and STEWARD_CLI_BINARY, set by
// scripts/test-installed), a new vault made in the window, a contact, lock
// and unlock (which backs the vault up), then the installed `steward` CLI
// restores that backup into a new folder. Everything is kept under
// STEWARD_INSTALLED_WORK, which scripts/test-installed checks again after
// removing the package.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { APP, STEWARD, cli, click, find, launch, saveArtifacts, textOf, type, waitForText } from '../e2e/harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const NAME = 'Ines Installedpackage';
const WORK = process.env.STEWARD_INSTALLED_WORK;

describe('the installed package', () => {
  assert.ok(WORK, 'STEWARD_INSTALLED_WORK names the folder to work in');
  assert.ok(APP.startsWith('/usr/'), `the installed app is driven, not ${APP}`);
  assert.ok(STEWARD.startsWith('/usr/'), `the installed CLI is run, not ${STEWARD}`);
  const home = { base: WORK, data: path.join(WORK, 'data'), config: path.join(WORK, 'config') };
  const vault = path.join(WORK, 'vault');
  let app;

  before(async () => {
    mkdirSync(home.data, { recursive: true });
    mkdirSync(home.config, { recursive: true });
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `installed-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('prints its version', () => {
    const version = execFileSync(STEWARD, ['--version']).toString().trim();
    assert.equal(version, `steward ${process.env.STEWARD_PACKAGE_VERSION}`);
  });

  it('creates a vault in the window', async () => {
    const { driver } = app;
    await type(driver, 'firstrun-dir', vault);
    await type(driver, 'firstrun-user', 'ada');
    await type(driver, 'firstrun-password', PASSWORD);
    await type(driver, 'firstrun-password-confirm', PASSWORD);
    await driver.wait(async () => Number(await (await find(driver, 'strength-meter')).getAttribute('data-score')) >= 3, 10_000);
    await click(driver, 'firstrun-create');
    const key = (await textOf(driver, 'recovery-key')).trim();
    await click(driver, 'recovery-continue');
    const groups = key.split('-');
    for (const id of ['recovery-confirm-a', 'recovery-confirm-b']) {
      const input = await find(driver, id);
      await input.sendKeys(groups[Number(await input.getAttribute('data-group')) - 1].toLowerCase());
    }
    await click(driver, 'recovery-done');
    await find(driver, 'dashboard');
  });

  it('adds a contact, locks, unlocks and finds it again', async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await click(driver, 'add-contact');
    await type(driver, 'contact-name', NAME);
    await click(driver, 'contact-save');
    await waitForText(driver, 'contact-row', NAME);
    await click(driver, 'lock-button');
    await type(driver, 'unlock-password', PASSWORD);
    await click(driver, 'unlock-submit');
    await waitForText(driver, 'header-user', 'ada');
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', NAME);
  });

  it('restores a backup the app made with the installed CLI', async () => {
    // Locking backed up what changed; the app still holds the vault open, which a restore into a new folder allows.
    const backups = JSON.parse(cli(vault, 'ada', PASSWORD, ['backup', 'list', '--json']));
    const onLock = backups.find((b) => b.kind === 'lock');
    assert.ok(onLock, `a backup made on lock: ${JSON.stringify(backups.map((b) => b.kind))}`);
    const restored = path.join(WORK, 'restored');
    execFileSync(STEWARD, ['--user', 'ada', 'backup', 'restore', onLock.file, '--to', restored], {
      env: { ...process.env, STEWARD_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const contacts = JSON.parse(cli(restored, 'ada', PASSWORD, ['contact', 'list', '--json']));
    assert.deepEqual(
      contacts.map((c) => c.name),
      [NAME],
    );
    writeFileSync(path.join(WORK, 'backup-file'), onLock.file);
  });
});
