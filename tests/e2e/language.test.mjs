// The interface in Romanian in the real window: the owner switches to Romanian
// in Settings, and at once the navigation, the header and the audit log are in
// Romanian, with dates as dd.mm.yyyy; after a lock the unlock screen stays in
// Romanian (the last choice on this computer) and the unlock brings the
// user's choice back from the vault; switching back to English leaves no
// Romanian on those screens; the header's language menu, which every role
// has, switches as well.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import {
  byTestId,
  click,
  find,
  freshHome,
  launch,
  prepareVault,
  saveArtifacts,
  textOf,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

async function chooseLanguage(driver, tag) {
  await click(driver, 'nav-settings');
  const select = await find(driver, 'language-interface');
  await select.findElement(By.css(`option[value="${tag}"]`)).click();
}

describe('the interface in Romanian', () => {
  const home = freshHome();
  let app;

  before(async () => {
    prepareVault(home, PASSWORD);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `language-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('switches in Settings without a restart, and keeps the choice across a lock', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    assert.equal(await textOf(driver, 'nav-contacts'), 'Contacts');

    await chooseLanguage(driver, 'ro');
    // The frame at once: sidebar and header.
    await waitForText(driver, 'nav-contacts', 'Contacte');
    assert.equal(await textOf(driver, 'nav-audit'), 'Jurnal de audit');
    assert.equal(await textOf(driver, 'lock-button'), 'Blocați');
    await waitForText(driver, 'language-section', 'Limba interfeței dumneavoastră');

    // The audit log shows its times as dd.mm.yyyy, hh:mm.
    await click(driver, 'nav-audit');
    // The time is the row's second cell. (`\s`: the platform's ICU may put a narrow no-break space between
    // the date and the time.)
    const dated = /^\d{2}\.\d{2}\.\d{4},\s\d{2}:\d{2}$/u;
    await waitForText(driver, 'audit-row', 'vault.create');
    const times = [];
    for (const row of await driver.findElements(byTestId('audit-row'))) {
      times.push(await (await row.findElements(By.css('td')))[1].getText());
    }
    assert.ok(times.length > 0 && times.every((t) => dated.test(t)), `audit times: ${JSON.stringify(times)}`);

    // The unlock screen follows the last choice on this computer; the unlock brings back the user's own.
    await click(driver, 'lock-button');
    await waitForText(driver, 'unlock-submit', 'Deblocați');
    await unlockAs(driver, 'ada', PASSWORD);
    await waitForText(driver, 'nav-contacts', 'Contacte');

    // Back to English: nothing of the frame stays in Romanian.
    await chooseLanguage(driver, 'en');
    await waitForText(driver, 'nav-contacts', 'Contacts');
    assert.equal(await textOf(driver, 'lock-button'), 'Lock');
    assert.equal(await textOf(driver, 'nav-settings'), 'Settings');

    // The header's language menu, which every role has (Settings is for owners and admins only), switches too.
    const menu = await find(driver, 'header-language');
    await menu.findElement(By.css('option[value="ro"]')).click();
    await waitForText(driver, 'nav-contacts', 'Contacte');
    assert.equal(await textOf(driver, 'lock-button'), 'Blocați');
  });
});
