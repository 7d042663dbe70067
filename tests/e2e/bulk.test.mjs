// Starting with the sample business and changing many contacts at once in
// the real window: a new vault made with sample data shows a full dashboard
// and pipeline; checked rows get a tag in one change; a saved view's
// contacts get a tag in one change.

import assert from 'node:assert/strict';
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
  saveArtifacts,
  texts,
  textOf,
  type,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** The ids of the contacts with `tag`, from the CLI. */
function taggedIds(vault, tag) {
  const rows = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'list', '--tag', tag, '--json']));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

describe('the sample business and changes to many contacts', () => {
  const home = freshHome();
  const vault = path.join(home.base, 'sample vault');
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

  it('creates a vault with sample data and shows a full dashboard and pipeline', async () => {
    const { driver } = app;
    await type(driver, 'firstrun-dir', vault);
    await type(driver, 'firstrun-user', 'ada');
    await type(driver, 'firstrun-password', PASSWORD);
    await type(driver, 'firstrun-password-confirm', PASSWORD);
    const sample = await find(driver, 'firstrun-sample');
    if (!(await sample.isSelected())) await sample.click();
    await driver.wait(
      async () => Number(await (await find(driver, 'strength-meter')).getAttribute('data-score')) >= 3,
      10_000,
    );
    await click(driver, 'firstrun-create');

    const key = (await textOf(driver, 'recovery-key')).trim();
    await click(driver, 'recovery-continue');
    const groups = key.split('-');
    for (const id of ['recovery-confirm-a', 'recovery-confirm-b']) {
      const input = await find(driver, id);
      const n = Number(await input.getAttribute('data-group'));
      await input.sendKeys(groups[n - 1].toLowerCase());
    }
    await click(driver, 'recovery-done');

    await find(driver, 'dashboard', 60_000);
    await waitForText(driver, 'dashboard-contacts', '40');
    const stages = await driver.wait(
      async () => {
        const rows = await driver.findElements(byTestId('pipeline-stage'));
        return rows.length >= 6 ? rows : false;
      },
      TIMEOUT,
      'waiting for the pipeline summary',
    );
    assert.equal(stages.length, 6);
    // Something due today and something overdue, by the clock.
    await waitForText(driver, 'dashboard-today', 'Call Ana-Maria about the spring order');
    await waitForText(driver, 'dashboard-overdue', 'Chase the signed contract for the wine labels');

    await click(driver, 'nav-deals');
    const columns = await driver.wait(
      async () => {
        const cols = await driver.findElements(byTestId('pipeline-column'));
        return cols.length >= 6 ? cols : false;
      },
      TIMEOUT,
      'waiting for the pipeline board',
    );
    for (const column of columns) {
      const cards = await column.findElements(byTestId('deal-card'));
      assert.ok(cards.length > 0, `a pipeline column is empty: ${await column.getText()}`);
    }
  });

  it('adds a tag to three checked contacts in one change, and the tag shows on them', async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Ana-Maria Popescu');
    const rows = await driver.findElements(byTestId('contact-row'));
    const picked = [];
    for (const row of rows.slice(0, 3)) {
      picked.push(Number(await row.getAttribute('data-id')));
      await row.findElement(byTestId('contact-check')).click();
    }
    await waitForText(driver, 'bulk-panel', '3 contacts selected');
    await click(driver, 'bulk-add-tag');
    await type(driver, 'bulk-tag', 'spring-fair');
    await click(driver, 'bulk-apply');
    await waitForText(driver, 'bulk-summary', 'Changed: 3 · Already so: 0 · Refused: 0');

    assert.deepEqual(taggedIds(vault, 'spring-fair'), picked.sort((a, b) => a - b));
    // The tag is on the contact's own page too.
    const first = (await driver.findElements(byTestId('contact-row')))[0];
    await first.findElement(By.css('button')).click();
    await waitForText(driver, 'contact-tags', 'spring-fair');
    // One audit entry for the whole change.
    const entries = JSON.parse(
      cli(vault, 'ada', PASSWORD, ['audit', 'list', '--action', 'contact.bulk_tag', '--json']),
    );
    assert.equal(entries.length, 1);
  });

  it("adds a tag to a saved view's contacts in one change", async () => {
    const { driver } = app;
    cli(vault, 'ada', PASSWORD, ['view', 'save', 'Leads', '--tag', 'lead']);
    const leads = taggedIds(vault, 'lead');
    assert.ok(leads.length >= 5, 'the sample has leads');

    await click(driver, 'bulk-close');
    await driver.wait(async () => (await texts(driver, 'bulk-panel'))?.length === 0, TIMEOUT);
    await click(driver, 'bulk-view-open');
    const select = await find(driver, 'bulk-view');
    await driver.wait(
      async () => (await select.findElements(By.xpath('.//option[normalize-space()="Leads"]'))).length === 1,
      TIMEOUT,
      'waiting for the saved view in the list',
    );
    await select.findElement(By.xpath('.//option[normalize-space()="Leads"]')).click();
    await click(driver, 'bulk-add-tag');
    await type(driver, 'bulk-tag', 'q3-campaign');
    await click(driver, 'bulk-apply');
    await waitForText(driver, 'bulk-summary', `Changed: ${leads.length} ·`);

    assert.deepEqual(taggedIds(vault, 'q3-campaign'), leads);
  });
});
