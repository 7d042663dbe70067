// Custom fields and saved views in the real window: the owner defines a
// custom field in Settings, sets it on a contact, filters the contacts table
// by a tag, saves that as a view, and gets the same contacts back from the
// view after leaving the screen and changing the filter.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By, Key } from 'selenium-webdriver';

import {
  byTestId,
  cli,
  click,
  find,
  freshHome,
  launch,
  openContact,
  prepareVault,
  saveArtifacts,
  textOf,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

const PEOPLE = [
  ['Alma Vipond', 'alma@example.org', 'vip'],
  ['Bruno Vipers', 'bruno@example.org', 'VIP'],
  ['Cora Plainfield', 'cora@example.org', null],
  ['Dmitri Otherby', 'dmitri@example.org', 'other'],
];

/** The names in the contact rows now, in order. */
async function rowNames(driver) {
  const names = [];
  for (const row of await driver.findElements(byTestId('contact-row'))) {
    names.push(await row.findElement(By.css('button')).getText());
  }
  return names;
}

/** Waits until the contacts table shows exactly `names`, in this order. */
async function waitForRows(driver, names) {
  let last = [];
  await driver
    .wait(
      async () => {
        try {
          last = await rowNames(driver);
        } catch {
          return false; // A row was replaced while being read; look again.
        }
        return JSON.stringify(last) === JSON.stringify(names);
      },
      TIMEOUT,
    )
    .catch(() => {
      throw new Error(`the table shows ${JSON.stringify(last)}, not ${JSON.stringify(names)}`);
    });
}

/** The text of the option a select shows. */
async function selectedText(driver, id) {
  const select = await find(driver, id);
  return driver.executeScript('return arguments[0].selectedOptions[0]?.textContent ?? null', select);
}

describe('custom fields and saved views', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    for (const [name, email, tag] of PEOPLE) {
      cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', name, '--email', email, ...(tag ? ['--tag', tag] : [])]);
    }
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `views-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('lets the owner define a custom field in Settings', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-settings');
    await find(driver, 'custom-fields-empty');

    await type(driver, 'custom-field-label', 'Member number');
    assert.equal(await (await find(driver, 'custom-field-key')).getAttribute('value'), 'member-number');
    await click(driver, 'custom-field-add');

    await waitForText(driver, 'custom-field-row', 'Member number');
    const row = await find(driver, 'custom-field-row');
    assert.equal(await row.getAttribute('data-key'), 'member-number');
    await waitForText(driver, 'settings-notice', 'was added');
  });

  it('sets the custom field on a contact and shows it with its label', async () => {
    const { driver } = app;
    await openContact(driver, 'Alma Vipond');
    await click(driver, 'contact-edit');
    await type(driver, 'contact-custom-member-number', 'M-1001');
    await click(driver, 'contact-save');

    await waitForText(driver, 'custom-member-number', 'M-1001');
    const detail = await find(driver, 'contact-detail');
    assert.match(await detail.getText(), /Member number\s+M-1001/i);
  });

  it('filters the table by a tag and saves that as a view', async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await waitForRows(driver, ['Alma Vipond', 'Bruno Vipers', 'Cora Plainfield', 'Dmitri Otherby']);

    const tag = await type(driver, 'filter-tag', 'vip');
    await tag.sendKeys(Key.ENTER);
    // Tags match without regard to case: "VIP" is the same tag.
    await waitForRows(driver, ['Alma Vipond', 'Bruno Vipers']);
    await waitForText(driver, 'page-info', '1–2 of 2');

    await click(driver, 'view-save-open');
    await type(driver, 'view-name', 'VIP customers');
    await click(driver, 'view-save');
    await waitForText(driver, 'view-notice', 'The view “VIP customers” was saved.');
    await driver.wait(async () => (await selectedText(driver, 'view-select')) === 'VIP customers', TIMEOUT);
  });

  it('applies the saved view again after leaving the screen and changing the filter', async () => {
    const { driver } = app;
    await click(driver, 'nav-dashboard');
    await find(driver, 'dashboard');
    await click(driver, 'nav-contacts');
    // A fresh screen lists every contact, with no view applied.
    await waitForRows(driver, ['Alma Vipond', 'Bruno Vipers', 'Cora Plainfield', 'Dmitri Otherby']);
    assert.equal(await selectedText(driver, 'view-select'), 'No saved view');

    const tag = await type(driver, 'filter-tag', 'other');
    await tag.sendKeys(Key.ENTER);
    await waitForRows(driver, ['Dmitri Otherby']);

    const views = await find(driver, 'view-select');
    await driver.wait(
      async () => (await views.findElements(By.xpath("option[normalize-space()='VIP customers']"))).length === 1,
      TIMEOUT,
      'waiting for the saved view in the select',
    );
    await views.findElement(By.xpath("option[normalize-space()='VIP customers']")).click();

    await waitForRows(driver, ['Alma Vipond', 'Bruno Vipers']);
    await waitForText(driver, 'page-info', '1–2 of 2');
    assert.equal(await (await find(driver, 'filter-tag')).getAttribute('value'), 'vip');
    assert.equal(await selectedText(driver, 'view-select'), 'VIP customers');
    assert.equal((await driver.findElements(byTestId('error-message'))).length, 0, 'no error is shown');

    // The custom value set earlier is still on the contact the view shows.
    await (await driver.findElements(byTestId('contact-row')))[0].findElement(By.css('button')).click();
    assert.equal(await textOf(driver, 'custom-member-number'), 'M-1001');
  });
});
