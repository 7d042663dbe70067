// Merging duplicates in the real window: two contacts sharing an e-mail
// address show up as possible duplicates, the merge screen takes the job
// title from the other one, one contact remains with both e-mails, and the
// recycle bin's Restore undoes the merge.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

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
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const KEPT = 'Ilinca Vasilescu';
const OTHER = 'Ilinca Vasilescu-Marin';

/** Every element with this test id, found now. */
const all = (driver, id) => driver.findElements(byTestId(id));

/** The texts of every element with this test id, or [] while the list re-renders. */
async function textsNow(driver, id) {
  try {
    return await Promise.all((await all(driver, id)).map((el) => el.getText()));
  } catch {
    return [];
  }
}

function contacts(vault) {
  return JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json']));
}

describe('merging duplicate contacts', () => {
  const home = freshHome();
  let vault;
  let app;
  let keptId;
  let otherId;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    const add = (args) => Number(cli(vault, 'ada', PASSWORD, ['contact', 'add', ...args]).trim());
    keptId = add(['--name', KEPT, '--email', 'ilinca@example.com', '--title', 'Buyer']);
    otherId = add(['--name', OTHER, '--email', 'ILINCA@example.com', '--email', 'ilinca.work@example.org', '--title', 'Head of purchasing']);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', 'Someone Else', '--email', 'else@example.com']);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `merge-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('finds the two, merges them taking the title from the other, and shows one contact with both e-mails', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', OTHER);

    await click(driver, 'duplicates-open');
    const group = await find(driver, 'duplicate-group');
    assert.match(await group.getText(), /same e-mail/);
    assert.match(await group.getText(), new RegExp(OTHER));
    assert.doesNotMatch(await group.getText(), /Someone Else/);
    await group.findElement(byTestId('duplicate-merge')).click();

    await find(driver, 'merge-screen');
    await click(driver, 'merge-take-title');
    await click(driver, 'merge-submit');
    await waitForText(driver, 'merge-confirm', `into “${KEPT}”`);
    await click(driver, 'merge-yes');
    await waitForText(driver, 'merge-result', `Merged into “${KEPT}”`);
    await find(driver, 'duplicates-none');

    // The vault agrees: one contact left of the two, with the other's title and both addresses.
    const names = contacts(vault).map((c) => c.name);
    assert.deepEqual(names.sort(), [KEPT, 'Someone Else']);
    const kept = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'show', String(keptId), '--json']));
    assert.equal(kept.title, 'Head of purchasing');
    assert.deepEqual(kept.emails, ['ilinca@example.com', 'ilinca.work@example.org']);

    await click(driver, 'merge-open');
    const detail = await find(driver, 'contact-detail');
    await driver.wait(
      async () => {
        const text = await detail.getText();
        return text.includes('ilinca.work@example.org') && text.includes('ilinca@example.com');
      },
      TIMEOUT,
      'waiting for both e-mails on the contact',
    );
    await click(driver, 'duplicates-close');
    await driver.wait(
      async () => {
        const rows = await textsNow(driver, 'contact-row');
        return rows.length === 2 && !rows.some((r) => r.includes(OTHER));
      },
      TIMEOUT,
      'waiting for the merged contact to leave the list',
    );
  });

  it('undoes the merge from the recycle bin, bringing both back as they were', async () => {
    const { driver } = app;
    await click(driver, 'recycle-bin');
    await find(driver, 'recycle-bin-panel');
    const row = await driver.wait(
      async () => {
        for (const el of await all(driver, 'deleted-row')) {
          if ((await el.getAttribute('data-id')) === String(otherId)) return el;
        }
        return false;
      },
      TIMEOUT,
      'waiting for the merged contact in the bin',
    );
    await row.findElement(By.css('[data-testid="restore-contact"]')).click();
    await waitForText(driver, 'recycle-bin-panel', `${OTHER} was restored.`);
    const kept = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'show', String(keptId), '--json']));
    assert.equal(kept.title, 'Buyer');
    assert.deepEqual(kept.emails, ['ilinca@example.com']);
    const other = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'show', String(otherId), '--json']));
    assert.equal(other.title, 'Head of purchasing');
    await click(driver, 'recycle-bin-close');
    await openContact(driver, OTHER);
  });
});
