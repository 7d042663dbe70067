// Session security in the real window: an export above the policy's soft
// limit asks for the password again (a wrong one is refused, the right one
// lets it through), the alert it raises shows in the header's badge and the
// Alerts screen, leads to its audit entry and is acknowledged; Ctrl+L and
// the screen saver lock the vault; "remember me on this computer" unlocks
// with one click through the Secret Service and can be forgotten again; and
// with a short idle time the vault locks itself once input stops.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Key } from 'selenium-webdriver';

import {
  byTestId,
  cli,
  click,
  find,
  freshHome,
  launch,
  prepareVault,
  present,
  saveArtifacts,
  textOf,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** Waits until the unlock screen is back, and returns its notice text. */
async function waitForUnlockScreen(driver, timeout = TIMEOUT) {
  await find(driver, 'unlock-password', timeout);
  assert.equal(await present(driver, 'header-user'), false, 'nothing of the open vault is left on screen');
  return driver.findElement(byTestId('unlock-notice')).then(
    (el) => el.getText(),
    () => '',
  );
}

/** The number on the header's alerts badge, or 0 when it is hidden. */
async function badgeCount(driver) {
  const badges = await driver.findElements(byTestId('alerts-badge'));
  if (badges.length === 0 || !(await badges[0].isDisplayed())) return 0;
  return Number(await badges[0].getText());
}

describe('session security', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    for (const [name, email] of [
      ['Ibsen Henrik', 'henrik@example.org'],
      ['Nora Helmer', 'nora@example.org'],
      ['Torvald Helmer', 'torvald@example.org'],
    ]) {
      cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', name, '--email', email]);
    }
    // Two people are the most one export may hold without the password.
    cli(vault, 'ada', PASSWORD, ['policy', 'set', 'export_soft_limit', '2']);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `security-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('asks for the password again before an export above the soft limit', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Torvald Helmer');
    const file = path.join(home.base, 'everyone.csv');

    await click(driver, 'export-contacts');
    await click(driver, 'export-format-csv');
    await click(driver, 'export-scope-all');
    // A copy of everyone, not for contacting anyone: the export asks what it is for.
    const fullCopy = await (await find(driver, 'export-purpose')).findElement({ css: 'option[value="__full-copy__"]' });
    await fullCopy.click();
    await type(driver, 'export-path', file);
    await click(driver, 'export-save');
    await find(driver, 'reauth-dialog');
    assert.match(await textOf(driver, 'reauth-reason'), /password/i);
    assert.equal(existsSync(file), false, 'nothing is written before the password is confirmed');

    await type(driver, 'reauth-password', 'not my password at all');
    await click(driver, 'reauth-submit');
    await find(driver, 'reauth-error');
    assert.equal(await present(driver, 'reauth-dialog'), true, 'a wrong password keeps the dialog open');
    assert.equal(existsSync(file), false);

    await type(driver, 'reauth-password', PASSWORD);
    await click(driver, 'reauth-submit');
    await waitForText(driver, 'export-result', '3');
    assert.equal(await present(driver, 'reauth-dialog'), false);
    const csv = readFileSync(file, 'utf8');
    for (const name of ['Ibsen Henrik', 'Nora Helmer', 'Torvald Helmer']) assert.ok(csv.includes(name), name);
  });

  it('shows the bulk-export alert in the badge and the Alerts screen, with its audit entry, and acknowledges it', async () => {
    const { driver } = app;
    await driver.wait(async () => (await badgeCount(driver)) > 0, TIMEOUT, 'waiting for the alerts badge');

    await click(driver, 'nav-alerts');
    const css = '[data-testid="alert-row"][data-rule="bulk-export"][data-state="open"]';
    const row = await driver.wait(async () => (await driver.findElements({ css }))[0] ?? false, TIMEOUT, 'the alert');
    assert.match(await row.getText(), /ada/);
    assert.match(await row.getText(), /3 contacts/);

    await (await row.findElement(byTestId('alert-audit-link'))).click();
    const focused = await driver.wait(
      async () => (await driver.findElements({ css: '[data-testid="audit-row"][data-focused="true"]' }))[0] ?? false,
      TIMEOUT,
      'the audit entry behind the alert',
    );
    assert.match(await focused.getText(), /contact\.export/);

    await click(driver, 'nav-alerts');
    const again = await driver.wait(async () => (await driver.findElements({ css }))[0] ?? false, TIMEOUT, 'the alert');
    await (await again.findElement(byTestId('alert-ack'))).click();
    await find(driver, 'alerts-notice');
    const log = JSON.parse(cli(vault, 'ada', PASSWORD, ['alerts', 'list', '--json']));
    const acked = log.find((a) => a.rule === 'bulk-export');
    assert.ok(acked.acknowledged_at, 'the vault holds the acknowledgement');
    const open = log.filter((a) => !a.acknowledged_at).length;
    await driver.wait(async () => (await badgeCount(driver)) === open, TIMEOUT, `the badge counts ${open} open alerts`);
  });

  it('locks on Ctrl+L', async () => {
    const { driver } = app;
    await driver.findElement({ css: 'body' }).sendKeys(Key.chord(Key.CONTROL, 'l'));
    await waitForUnlockScreen(driver);
  });

  it('remembers this computer when asked, then unlocks with one click', async () => {
    const { driver } = app;
    await type(driver, 'unlock-password', PASSWORD);
    await click(driver, 'unlock-remember');
    await click(driver, 'unlock-submit');
    await waitForText(driver, 'header-user', 'ada');
    assert.equal(await present(driver, 'session-notice'), false, 'the computer was remembered without a problem');

    await click(driver, 'lock-button');
    await click(driver, 'unlock-device');
    await waitForText(driver, 'header-user', 'ada');
  });

  it('forgets this computer again from the Change password page', async () => {
    const { driver } = app;
    await click(driver, 'change-password-link');
    await find(driver, 'device-card');
    await click(driver, 'device-toggle');
    await waitForText(driver, 'device-card', 'password');
    await click(driver, 'lock-button');
    await find(driver, 'unlock-password');
    assert.equal(await present(driver, 'unlock-device'), false, 'no one-click unlock once forgotten');
  });

  it('locks when the screen saver starts', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    // What a desktop's screen saver says on the session bus when the screen locks.
    execFileSync('dbus-send', [
      '--session',
      '--type=signal',
      '/org/freedesktop/ScreenSaver',
      'org.freedesktop.ScreenSaver.ActiveChanged',
      'boolean:true',
    ]);
    const notice = await waitForUnlockScreen(driver);
    assert.match(notice, /screen was locked|went to sleep/);
  });
});

describe('locking after a short idle time', () => {
  const home = freshHome();
  let app;
  const saved = process.env.STEWARD_AUTO_LOCK_SECS;

  before(async () => {
    prepareVault(home, PASSWORD);
    process.env.STEWARD_AUTO_LOCK_SECS = '4';
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `security-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    if (saved === undefined) delete process.env.STEWARD_AUTO_LOCK_SECS;
    else process.env.STEWARD_AUTO_LOCK_SECS = saved;
    await app?.quit();
  });

  it('stays open while the user works, and locks once input stops', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);

    // Eight seconds of work, twice the idle time: the vault stays open.
    const started = Date.now();
    while (Date.now() - started < 8_000) {
      await driver.actions().move({ x: 200 + ((Date.now() / 10) % 200), y: 200 }).perform();
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(await present(driver, 'header-user'), true, 'input keeps the vault open');

    const notice = await waitForUnlockScreen(driver, 20_000);
    assert.match(notice, /locked itself after 4 seconds without use/);
  });
});

describe('the clock of the app people run', () => {
  const home = freshHome();
  let app;
  let vault;
  const saved = process.env.STEWARD_NOW;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    // The app is built without the test features; the CLI these tests run is a test build.
    process.env.STEWARD_NOW = '2099-06-01T12:00:00Z';
    try {
      app = await launch(home);
    } finally {
      if (saved === undefined) delete process.env.STEWARD_NOW;
      else process.env.STEWARD_NOW = saved;
    }
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `security-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('ignores STEWARD_NOW, so no one can date the audit log as they like', async () => {
    await unlockAs(app.driver, 'ada', PASSWORD);
    const entries = JSON.parse(cli(vault, 'ada', PASSWORD, ['audit', 'list', '--json']));
    const unlocks = entries.filter((e) => e.action === 'vault.unlock');
    assert.ok(unlocks.length >= 2, 'the app and the CLI each recorded an unlock');
    for (const e of entries) {
      const off = Math.abs(Date.parse(e.at) - Date.now());
      assert.ok(off < 3_600_000, `entry ${e.seq} (${e.action}) is dated ${e.at}`);
    }
  });
});
