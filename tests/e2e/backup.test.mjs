// Backups in the real window: the owner backs up from the Backups screen,
// changes the vault, restores the backup over it from the list (with a
// password), unlocks again and finds the vault as it was; then restores the
// same backup into a new folder from the unlock screen. A second app with a
// one-second schedule makes a scheduled backup and a restore drill on its
// own, and a backup on lock; a third is ended by SIGTERM, as a logout or a
// shutdown ends it, and backs up on its way out. (Closing the window is not
// driven here: WebDriver ends the app without closing its window the way a
// person does; the app's unit tests cover that path.)

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import {
  byTestId,
  cli,
  click,
  find,
  freshHome,
  launch,
  prepareVault,
  saveArtifacts,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 20_000;
const KEPT = 'Alba Firstcopy';
const LATER = 'Bruno Secondcopy';

/** The backup rows now, as `[kind, element]`. */
async function rows(driver) {
  const out = [];
  for (const row of await driver.findElements(byTestId('backup-row'))) {
    try {
      out.push([await row.getAttribute('data-kind'), row]);
    } catch {
      // The list was redrawn while being read; the caller looks again.
    }
  }
  return out;
}

/** Waits for a backup row of `kind` and returns it. */
async function rowOfKind(driver, kind) {
  return driver.wait(
    async () => (await rows(driver)).find(([k]) => k === kind)?.[1] ?? false,
    TIMEOUT,
    `waiting for a ${kind} backup in the list`,
  );
}

async function addContact(driver, name) {
  await click(driver, 'nav-contacts');
  await click(driver, 'add-contact');
  await type(driver, 'contact-name', name);
  await click(driver, 'contact-save');
  await waitForText(driver, 'contact-row', name);
}

/** The names in the contacts table, once it shows `expected`. */
async function contactNames(driver, expected) {
  await click(driver, 'nav-contacts');
  await waitForText(driver, 'contact-row', expected);
  const names = [];
  for (const row of await driver.findElements(byTestId('contact-row'))) names.push(await row.getText());
  return names.join('\n');
}

/** The backups of `vault` as the CLI lists them. */
function listed(vault) {
  return JSON.parse(cli(vault, 'ada', PASSWORD, ['backup', 'list', '--json']));
}

describe('backing up and restoring from the Backups screen', () => {
  const home = freshHome();
  const restoredDir = path.join(home.base, 'restored vault');
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    // No scheduled backup may slip in between the steps below.
    process.env.STEWARD_BACKUP_TICK_SECS = '3600';
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `backup-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('backs up now from the Backups screen, with the new backup in the list', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await addContact(driver, KEPT);

    await click(driver, 'nav-backups');
    await find(driver, 'backups-empty');
    await click(driver, 'backup-now');
    await waitForText(driver, 'backups-notice', 'Backed up and verified');
    const row = await rowOfKind(driver, 'manual');
    assert.match(await row.getText(), /Manual/);
    assert.doesNotMatch(await (await row.findElement(byTestId('backup-verified'))).getText(), /Not yet/);
    assert.notEqual(await (await find(driver, 'backup-last')).getText(), 'Never');
  });

  it('restores that backup over the vault with a password, locks, and unlocks to the vault as it was', async () => {
    const { driver } = app;
    await addContact(driver, LATER);

    await click(driver, 'nav-backups');
    const row = await rowOfKind(driver, 'manual');
    await (await row.findElement(byTestId('backup-restore'))).click();
    await find(driver, 'restore-dialog');
    await type(driver, 'restore-password', PASSWORD);
    await click(driver, 'restore-check');
    await waitForText(driver, 'restore-preview-counts', '1 contact,');
    await click(driver, 'restore-confirm');

    await find(driver, 'unlock-password', TIMEOUT);
    const notice = await driver.findElement(By.css('.notice[role="status"]'));
    assert.match(await notice.getText(), /was restored/);
    await unlockAs(driver, 'ada', PASSWORD);

    const names = await contactNames(driver, KEPT);
    assert.equal(names.includes(LATER), false, `${LATER} came after the backup: ${names}`);

    // The vault as it was before the restore was backed up first.
    await click(driver, 'nav-backups');
    await rowOfKind(driver, 'pre-restore');
  });

  it('restores the backup into a new folder from the unlock screen and opens it', async () => {
    const { driver } = app;
    const manual = listed(vault).find((b) => b.kind === 'manual');
    assert.ok(manual, 'the manual backup is still there');

    await click(driver, 'lock-button');
    await click(driver, 'unlock-restore-backup');
    await type(driver, 'restore-into-file', manual.file);
    await type(driver, 'restore-into-dir', restoredDir);
    await type(driver, 'restore-into-password', PASSWORD);
    await click(driver, 'restore-into-check');
    await waitForText(driver, 'restore-preview-counts', '1 contact,');
    await click(driver, 'restore-into-confirm');

    await waitForText(driver, 'header-user', 'ada');
    const names = await contactNames(driver, KEPT);
    assert.equal(names.includes(LATER), false);
    assert.ok(readdirSync(restoredDir).includes('keyslots'), 'the new folder is a vault');
    const config = JSON.parse(readFileSync(path.join(home.config, 'steward', 'app.json'), 'utf8'));
    assert.equal(config.vaultDir, restoredDir, 'the app now uses the new folder');
  });
});

describe('automatic backups', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', KEPT]);
    process.env.STEWARD_BACKUP_TICK_SECS = '1';
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `backup-auto-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('makes a scheduled backup and a restore drill while unlocked', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-backups');
    await rowOfKind(driver, 'scheduled');
    await waitForText(driver, 'backup-last-drill', 'passed', TIMEOUT);
    // The default folder beside the vault shares its disk; nothing else is wrong.
    const warnings = await (await find(driver, 'backup-warnings')).findElements(By.css('[data-warning]'));
    const ids = await Promise.all(warnings.map((w) => w.getAttribute('data-warning')));
    assert.deepEqual(ids, ['same-disk']);

    await click(driver, 'nav-dashboard');
    await waitForText(driver, 'backup-card-drill', 'passed');
  });

  it('backs up what changed when the vault is locked', async () => {
    const { driver } = app;
    await addContact(driver, LATER);
    await click(driver, 'lock-button');
    await find(driver, 'unlock-password');

    const kinds = listed(vault).map((b) => b.kind);
    assert.ok(kinds.includes('lock'), `a backup on lock: ${kinds.join(', ')}`);
  });
});

describe('ending the app with a signal', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    process.env.STEWARD_BACKUP_TICK_SECS = '3600';
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `backup-signal-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('backs up what changed and locks before a SIGTERM ends it', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await addContact(driver, KEPT);
    const [pid] = app.appPids();
    assert.ok(pid, 'the app is running');
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + TIMEOUT;
    while (app.appPids().includes(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(app.appPids().includes(pid), false, 'the app ended');

    const quit = listed(vault).find((b) => b.kind === 'quit');
    assert.ok(quit, `a backup on the way out: ${listed(vault).map((b) => b.kind).join(', ')}`);
    // The vault was locked cleanly: the CLI opens it and finds the change.
    assert.match(cli(vault, 'ada', PASSWORD, ['contact', 'list']), new RegExp(KEPT));
  });
});
