// Creating a vault in the first-run screen, adding a contact, locking,
// a wrong password, unlocking again — through the real window.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import {
  allFiles,
  click,
  find,
  freshHome,
  launch,
  present,
  saveArtifacts,
  textOf,
  type,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const NAME = 'Wilhelmina Endtoend';
const EMAIL = 'wilhelmina.e2e@example.org';

describe('a new vault through the first-run screen', () => {
  const home = freshHome();
  const vaultDir = path.join(home.base, 'my vault');
  let app;

  before(async () => {
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, t.name.replace(/\W+/g, '-'));
  });
  after(async () => {
    await app?.quit();
  });

  it('creates the vault and confirms the recovery key', async () => {
    const { driver } = app;
    await type(driver, 'firstrun-dir', vaultDir);
    await type(driver, 'firstrun-user', 'ada');
    await type(driver, 'firstrun-password', 'password1');
    const create = await find(driver, 'firstrun-create');
    await type(driver, 'firstrun-password-confirm', 'password1');
    assert.equal(await create.isEnabled(), false, 'a weak password cannot create a vault');

    await type(driver, 'firstrun-password', PASSWORD);
    await type(driver, 'firstrun-password-confirm', PASSWORD);
    await driver.wait(async () => Number(await (await find(driver, 'strength-meter')).getAttribute('data-score')) >= 3, 10_000);
    await click(driver, 'firstrun-create');

    const key = (await textOf(driver, 'recovery-key')).trim();
    assert.match(key, /^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    await click(driver, 'recovery-continue');
    const groups = key.split('-');
    for (const id of ['recovery-confirm-a', 'recovery-confirm-b']) {
      const input = await find(driver, id);
      const n = Number(await input.getAttribute('data-group'));
      await input.sendKeys(groups[n - 1].toLowerCase());
    }
    await click(driver, 'recovery-done');
    await find(driver, 'dashboard');
    await click(driver, 'nav-contacts');
    await find(driver, 'contacts-empty');
    assert.match(await textOf(driver, 'header-user'), /ada.*owner/);
  });

  it('adds a contact that shows in the list', async () => {
    const { driver } = app;
    await click(driver, 'add-contact');
    await type(driver, 'contact-name', NAME);
    await type(driver, 'contact-email-0', EMAIL);
    await type(driver, 'contact-company', 'Endtoend GmbH');
    await click(driver, 'contact-save');
    await waitForText(driver, 'contact-row', NAME);
  });

  it('keeps no plaintext of the contact in any file of the vault', async () => {
    for (const [file, bytes] of allFiles(vaultDir)) {
      for (const needle of [NAME, EMAIL, 'Endtoend GmbH']) {
        assert.equal(bytes.includes(Buffer.from(needle)), false, `${file} contains ${needle}`);
      }
    }
  });

  it('locks, refuses a wrong password and stays locked', async () => {
    const { driver } = app;
    await click(driver, 'lock-button');
    await type(driver, 'unlock-password', 'not my password at all');
    await click(driver, 'unlock-submit');
    await waitForText(driver, 'error-message', 'Wrong user name or password');
    assert.equal(await present(driver, 'contacts-table'), false, 'contacts stay hidden');
    assert.equal(await (await find(driver, 'unlock-password')).getAttribute('value'), '', 'the password field is cleared');
  });

  it('unlocks with the right password and shows the contact again', async () => {
    const { driver } = app;
    await type(driver, 'unlock-password', PASSWORD);
    await click(driver, 'unlock-submit');
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', NAME);
  });
});
