// Files on a contact and on an activity in the real window: a PDF attached through the file picker is
// listed with its size, opened (a private 0600 copy handed to the system's viewer), saved as a copy
// (the same bytes), renamed, deleted, and restored from the recycle bin, whose row says which contact
// it was on; a file attached to an activity shows in its paperclip's count. After locking, no file in
// the temporary folder holds the PDF's marker bytes.
//
// The native dialogs are out of WebDriver's reach: the debug build answers them from the queue file
// STEWARD_TEST_PICKS names (src-tauri/src/files.rs). WebDriver produces no OS file drops either, so
// adding files by drag and drop stays covered by vitest (ui/src/lib/components/Attachments.test.ts).

import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { By, Key } from 'selenium-webdriver';

import {
  allFiles,
  byTestId,
  cli,
  click,
  find,
  freshHome,
  launch,
  openContact,
  prepareVault,
  saveArtifacts,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const CONTACT = 'Ana Popescu';
const SUBJECT = 'Sent the offer';
const MARKER = 'STEWARD-E2E-ATTACHMENT-MARKER-5d1c';

/** A small PDF of exactly `size` bytes holding the marker. */
function pdfBytes(size) {
  const head = Buffer.from(`%PDF-1.7\n% ${MARKER}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x20), tail]);
}

/** Waits for `check` to return a truthy value, and returns it. */
async function until(driver, check, what) {
  return driver.wait(async () => {
    try {
      return await check();
    } catch {
      return false;
    }
  }, TIMEOUT, `waiting for ${what}`);
}

describe('attachments', () => {
  const home = freshHome();
  const files = path.join(home.base, 'files');
  const tmp = path.join(home.base, 'tmp');
  const bin = path.join(home.base, 'bin');
  const picks = path.join(home.base, 'picks');
  const opened = path.join(home.base, 'opened.log');
  const pdf = path.join(files, 'contract.pdf');
  const copy = path.join(files, 'copy of contract.pdf');
  const saved = {};
  let vault;
  let app;

  /** The next dialog answers with these paths. */
  const pick = (...paths) => appendFileSync(picks, `${JSON.stringify(paths)}\n`);

  before(async () => {
    for (const dir of [files, tmp, bin]) mkdirSync(dir);
    writeFileSync(pdf, pdfBytes(2500));
    writeFileSync(path.join(files, 'minutes.txt'), 'Minutes of the call.\n');
    // The system's viewer: records what it was asked to open, and the file's mode and bytes then.
    writeFileSync(
      path.join(bin, 'xdg-open'),
      `#!/bin/sh\nstat -c '%a' "$1" > "${opened}.mode"\ncp "$1" "${opened}.bytes"\nprintf '%s\\n' "$1" >> "${opened}"\n`,
    );
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    vault = prepareVault(home, PASSWORD);
    const contact = cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', CONTACT]).trim();
    cli(vault, 'ada', PASSWORD, ['activity', 'add', '--contact', contact, '--kind', 'email', '--subject', SUBJECT]);
    for (const name of ['STEWARD_TEST_PICKS', 'TMPDIR', 'PATH']) saved[name] = process.env[name];
    process.env.STEWARD_TEST_PICKS = picks;
    process.env.TMPDIR = tmp;
    process.env.PATH = `${bin}:${process.env.PATH}`;
    try {
      app = await launch(home);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `attachments-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('attaches, opens, copies, renames, deletes and restores a PDF on a contact', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await openContact(driver, CONTACT);

    pick(pdf);
    await click(driver, 'attachment-add');
    await waitForText(driver, 'attachment-row', 'contract.pdf');
    await waitForText(driver, 'attachment-row', '2.5 kB');

    // Open: a private copy for the viewer, readable by the user only, with the PDF's bytes.
    await click(driver, 'attachment-open');
    const viewed = await until(driver, () => existsSync(opened) && readFileSync(opened, 'utf8').trim(), 'the viewer');
    assert.ok(viewed.startsWith(`${tmp}/steward-view-`), viewed);
    assert.equal(readFileSync(`${opened}.mode`, 'utf8').trim(), '600');
    assert.deepEqual(readFileSync(`${opened}.bytes`), readFileSync(pdf));
    assert.equal(statSync(viewed).mode & 0o777, 0o600, 'still private while open');

    // Save a copy: a new file with the same bytes.
    pick(copy);
    await click(driver, 'attachment-save-copy');
    await until(driver, () => existsSync(copy) && statSync(copy).size === 2500, 'the copy');
    assert.deepEqual(readFileSync(copy), readFileSync(pdf));

    // Rename.
    await click(driver, 'attachment-rename');
    const name = await find(driver, 'attachment-new-name');
    await name.clear();
    await name.sendKeys('signed contract.pdf', Key.ENTER);
    await waitForText(driver, 'attachment-name', 'signed contract.pdf');

    // Delete, then restore from the recycle bin, whose row says where the file was.
    await click(driver, 'attachment-delete');
    await click(driver, 'attachment-confirm-delete');
    await find(driver, 'attachments-empty');
    await click(driver, 'nav-contacts');
    await click(driver, 'recycle-bin');
    await waitForText(driver, 'deleted-row', 'signed contract.pdf');
    await waitForText(driver, 'deleted-detail', `On the contact ${CONTACT}`);
    await click(driver, 'restore-attachment');
    await waitForText(driver, 'recycle-bin-panel', 'signed contract.pdf was restored.');
    await openContact(driver, CONTACT);
    await waitForText(driver, 'attachment-name', 'signed contract.pdf');
  });

  it('attaches a file to an activity and counts it on its paperclip', async () => {
    const { driver } = app;
    const item = await until(driver, async () => {
      for (const el of await driver.findElements(byTestId('timeline-item'))) {
        if ((await el.getText()).includes(SUBJECT)) return el;
      }
      return false;
    }, 'the activity');
    const clip = await item.findElement(byTestId('activity-files'));
    assert.equal(await item.findElement(byTestId('activity-file-count')).getText(), '0');
    await clip.click();
    pick(path.join(files, 'minutes.txt'));
    await (await item.findElement(By.css('[data-testid="attachments"] [data-testid="attachment-add"]'))).click();
    await until(driver, async () => (await item.findElement(byTestId('activity-file-count')).getText()) === '1', 'the count');
    assert.equal(await item.findElement(byTestId('attachment-name')).getText(), 'minutes.txt');
    assert.equal(await clip.getAttribute('aria-label'), `1 file on the activity ${SUBJECT}`);
  });

  it('leaves no decrypted copy in the temporary folder after locking', async () => {
    const { driver } = app;
    await click(driver, 'lock-button');
    await find(driver, 'unlock-password');
    const marker = Buffer.from(MARKER);
    await until(driver, () => allFiles(tmp).every(([, bytes]) => !bytes.includes(marker)), 'the viewer copy to go');
    const left = allFiles(tmp).filter(([, bytes]) => bytes.includes(marker)).map(([p]) => p);
    assert.deepEqual(left, [], 'no file in the temporary folder holds the marker');
  });
});
