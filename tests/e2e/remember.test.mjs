// "Remember me" after a password reset, through the real window: whoever
// reset a user's password and signs in as them with "Remember me" ticked
// gets no device slot, and when an owner resets the password of a user who
// is remembered here, the computer no longer opens the vault as them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import {
  addUser,
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
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const BOB = 'own harbor violet 1999 tundra';
const RESET = 'reset lantern quartz 2026 meadow';
const BOB_AGAIN = 'another harbor plum 2031 gecko';

/** Bob's device slots in the keyslots file, on any computer. */
function bobsDeviceSlots(vault) {
  const file = JSON.parse(readFileSync(path.join(vault, 'keyslots'), 'utf8'));
  const bob = file.body.slots.find((s) => s.kind === 'password' && s.user_name === 'bob');
  return file.body.slots.filter((s) => s.kind === 'device' && s.user_id === bob.user_id).length;
}

function resetBob(vault, password) {
  cli(vault, 'ada', PASSWORD, ['user', 'passwd', 'bob', '--new-password-env', 'STEWARD_NEW'], {
    STEWARD_NEW: password,
  });
}

/** Picks bob on the unlock screen. */
async function chooseBob(driver) {
  const field = await find(driver, 'unlock-user');
  await field.findElement(By.css('option[value="bob"]')).click();
}

/** Signs in as bob with `password` and "Remember me" ticked. */
async function signInRemembering(driver, password) {
  await chooseBob(driver);
  await type(driver, 'unlock-password', password);
  await click(driver, 'unlock-remember');
  await click(driver, 'unlock-submit');
}

describe('remember me after a password reset', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    addUser(vault, PASSWORD, 'bob', 'agent', BOB);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `remember-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('gives no device slot to whoever signs in with a password they reset', async () => {
    const { driver } = app;
    // The owner resets bob's password and signs in as bob on this computer.
    resetBob(vault, RESET);
    await signInRemembering(driver, RESET);
    await find(driver, 'cp-current');
    assert.equal(bobsDeviceSlots(vault), 0, 'no device slot for a password someone else set');

    await click(driver, 'lock-button');
    await find(driver, 'unlock-password');
    await chooseBob(driver);
    assert.equal(await present(driver, 'unlock-device'), false, 'no one-click unlock as bob');
  });

  it('forgets a remembered user on this computer when their password is reset', async () => {
    const { driver } = app;
    // Bob chooses his own password; then this computer may remember him.
    await chooseBob(driver);
    await type(driver, 'unlock-password', RESET);
    await click(driver, 'unlock-submit');
    await type(driver, 'cp-current', RESET);
    await type(driver, 'cp-new', BOB_AGAIN);
    await type(driver, 'cp-confirm', BOB_AGAIN);
    await click(driver, 'cp-submit');
    await waitForText(driver, 'header-user', 'bob');
    await click(driver, 'lock-button');
    await signInRemembering(driver, BOB_AGAIN);
    await waitForText(driver, 'header-user', 'bob');
    assert.equal(await present(driver, 'session-notice'), false, 'bob was remembered without a problem');
    assert.equal(bobsDeviceSlots(vault), 1);
    await click(driver, 'lock-button');
    await chooseBob(driver);
    await find(driver, 'unlock-device');

    // An owner resets bob's password elsewhere: the remembered computer
    // no longer opens the vault as bob.
    resetBob(vault, RESET);
    assert.equal(bobsDeviceSlots(vault), 0, 'the reset removed the device slot');
    await click(driver, 'unlock-device');
    await find(driver, 'error-message');
    assert.match(await textOf(driver, 'error-message'), /no longer remembers|password/i);
    assert.equal(await present(driver, 'header-user'), false, 'the vault stays locked');
  });
});
