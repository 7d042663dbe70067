// The recycle bin of every record type in the real window: a company and a
// task deleted on their screens show up in the bin, the kind filter narrows
// it, and Restore brings each back where it was.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import { byTestId, cli, click, find, freshHome, launch, prepareVault, saveArtifacts, unlockAs, waitForText } from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const COMPANY = 'Zephyrine Ltd';
const TASK = 'Send the brochure';

/** Every element with this test id, found now. */
const all = (driver, id) => driver.findElements(byTestId(id));

/** An element's text, or '' when it left the page meanwhile (the list re-rendered). */
async function textOrNothing(el) {
  try {
    return await el.getText();
  } catch {
    return '';
  }
}

/** The first element with this test id whose text contains `text`, waited for. */
async function rowWith(driver, id, text) {
  return driver.wait(
    async () => {
      for (const el of await all(driver, id)) {
        if ((await textOrNothing(el)).includes(text)) return el;
      }
      return false;
    },
    TIMEOUT,
    `waiting for a ${id} showing ${JSON.stringify(text)}`,
  );
}

/** Waits until no element with this test id shows `text`. */
async function waitForNoRow(driver, id, text) {
  await driver.wait(
    async () => {
      for (const el of await all(driver, id)) {
        if ((await textOrNothing(el)).includes(text)) return false;
      }
      return true;
    },
    TIMEOUT,
    `waiting for no ${id} to show ${JSON.stringify(text)}`,
  );
}

/** The kinds of the bin's rows, in order. */
async function binKinds(driver) {
  try {
    return await Promise.all((await all(driver, 'deleted-row')).map((r) => r.getAttribute('data-kind')));
  } catch {
    return [];
  }
}

function bin(vault) {
  return JSON.parse(cli(vault, 'ada', PASSWORD, ['bin', 'list', '--json']));
}

describe('the recycle bin of every record type', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['company', 'add', '--name', COMPANY, '--domain', 'zephyrine.example']);
    cli(vault, 'ada', PASSWORD, ['task', 'add', '--title', TASK]);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `recycle-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('deletes a company and a task, finds both in the bin and restores them', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);

    // Delete the company from its detail panel.
    await click(driver, 'nav-companies');
    const company = await rowWith(driver, 'company-row', COMPANY);
    await company.findElement(By.css('button')).click();
    await click(driver, 'company-delete');
    await click(driver, 'confirm-delete');
    await waitForNoRow(driver, 'company-row', COMPANY);

    // Delete the task from the task list.
    await click(driver, 'nav-tasks');
    await click(driver, 'task-tab-upcoming');
    const task = await rowWith(driver, 'task-row', TASK);
    await task.findElement(byTestId('task-delete')).click();
    await waitForNoRow(driver, 'task-row', TASK);

    // Both wait in the bin.
    await click(driver, 'nav-contacts');
    await click(driver, 'recycle-bin');
    await find(driver, 'recycle-bin-panel');
    await rowWith(driver, 'deleted-row', COMPANY);
    await rowWith(driver, 'deleted-row', TASK);
    assert.deepEqual((await binKinds(driver)).sort(), ['company', 'task']);
    const companyRow = await rowWith(driver, 'deleted-row', COMPANY);
    assert.match(await companyRow.getText(), /by ada/);

    // The kind filter narrows the bin to companies, and back.
    const filter = await find(driver, 'recycle-bin-kind');
    await filter.findElement(By.css('option[value="company"]')).click();
    await driver.wait(
      async () => JSON.stringify(await binKinds(driver)) === '["company"]',
      TIMEOUT,
      'waiting for only the company',
    );
    await filter.findElement(By.css('option[value=""]')).click();
    await driver.wait(async () => (await binKinds(driver)).length === 2, TIMEOUT, 'waiting for every kind again');

    // Restore each.
    await (await rowWith(driver, 'deleted-row', COMPANY)).findElement(byTestId('restore-company')).click();
    await waitForText(driver, 'recycle-bin-panel', `${COMPANY} was restored.`);
    await (await rowWith(driver, 'deleted-row', TASK)).findElement(byTestId('restore-task')).click();
    await waitForText(driver, 'recycle-bin-panel', `${TASK} was restored.`);
    await find(driver, 'recycle-bin-empty');
    assert.equal((await all(driver, 'error-message')).length, 0, 'no error is shown');
    assert.deepEqual(bin(vault), [], 'the vault agrees');

    // Each is back on its screen.
    await click(driver, 'nav-companies');
    await rowWith(driver, 'company-row', COMPANY);
    await click(driver, 'nav-tasks');
    await click(driver, 'task-tab-upcoming');
    await rowWith(driver, 'task-row', TASK);
  });
});
