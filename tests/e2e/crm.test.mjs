// The everyday CRM screens in the real window: the dashboard after unlocking,
// a CSV import through the wizard (typed path, mapping, dry run, undo),
// search as you type, dragging a deal across the pipeline board, a deal's own page, and the
// companies list's second page.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
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
  texts,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** Every element with this test id, found now. */
const all = (driver, id) => driver.findElements(byTestId(id));

/** The element with this test id and `data-NAME="VALUE"`, waited for. */
async function findWith(driver, id, name, value) {
  const css = `[data-testid="${id}"][data-${name}="${value}"]`;
  return driver.wait(
    async () => (await driver.findElements(By.css(css)))[0] ?? false,
    TIMEOUT,
    `waiting for ${css}`,
  );
}

/** Waits until the page shows no element with `id` whose text contains `text`. */
async function waitForNoText(driver, id, text) {
  await driver.wait(
    async () => (await texts(driver, id))?.every((t) => !t.includes(text)) ?? false,
    TIMEOUT,
    `waiting for no ${id} to show ${JSON.stringify(text)}`,
  );
}

function deals(vault) {
  return JSON.parse(cli(vault, 'ada', PASSWORD, ['deal', 'list', '--json']));
}

describe('the everyday CRM screens', () => {
  const home = freshHome();
  const csv = path.join(home.base, 'people to import.csv');
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    for (const [name, email] of [
      ['Marigold Fenwick', 'marigold@example.org'],
      ['Marianne Foss', 'marianne@example.org'],
      ['Martin Gale', 'martin@example.org'],
    ]) {
      cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', name, '--email', email]);
    }
    cli(vault, 'ada', PASSWORD, ['deal', 'add', '--title', 'Drag me across', '--stage', 'Lead', '--amount', '1200']);
    cli(vault, 'ada', PASSWORD, ['deal', 'add', '--title', 'Lose me', '--stage', 'Lead']);
    writeFileSync(
      csv,
      [
        'Full Name,Email,Employer,Shoe size',
        'Octavia Importer,octavia@example.org,Imported Ltd,38',
        'Percival Importer,percival@example.org,Imported Ltd,44',
        '',
      ].join('\n'),
    );
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `crm-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('opens on the dashboard, with the pipeline chart drawn', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await find(driver, 'dashboard');
    assert.equal(await (await find(driver, 'nav-dashboard')).getAttribute('aria-current'), 'page');
    // Chart.js sizes its canvas once it has drawn: proof that it runs under the CSP and the frozen prototype.
    const canvas = await (await find(driver, 'pipeline-chart')).findElement(By.css('canvas'));
    await driver.wait(async () => Number(await canvas.getAttribute('width')) > 0, TIMEOUT, 'waiting for the chart');
    await waitForText(driver, 'dashboard-contacts', '3');
  });

  it('imports a CSV through the wizard from a typed path, then undoes the import', async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await click(driver, 'import-contacts');
    await type(driver, 'import-path', csv);
    await click(driver, 'import-next');

    const name = await findWith(driver, 'import-map', 'column', 'Full Name');
    assert.equal(await name.getAttribute('value'), 'name', 'the suggested field is preselected');
    const employer = await findWith(driver, 'import-map', 'column', 'Employer');
    await employer.findElement(By.css('option[value="company"]')).click();
    assert.equal(await (await findWith(driver, 'import-map', 'column', 'Shoe size')).getAttribute('value'), '');

    await click(driver, 'import-dry-run');
    await waitForText(driver, 'import-dry-run-result', 'created 2');
    await click(driver, 'import-start');
    await waitForText(driver, 'import-result', 'created 2');
    const progress = await find(driver, 'import-progress');
    assert.equal(await progress.getAttribute('data-done'), await progress.getAttribute('data-total'));

    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Octavia Importer');
    await waitForText(driver, 'contact-row', 'Percival Importer');

    await click(driver, 'import-contacts');
    const history = await find(driver, 'import-history');
    await driver.wait(async () => (await all(driver, 'import-history-undo')).length === 1, TIMEOUT);
    await (await history.findElement(byTestId('import-history-undo'))).click();
    await driver.wait(async () => (await all(driver, 'import-history-undo')).length === 0, TIMEOUT, 'waiting for the undo');

    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Marigold Fenwick');
    await waitForNoText(driver, 'contact-row', 'Importer');
    const listed = cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json']);
    assert.equal(listed.includes('Octavia'), false, 'the imported contacts are gone');
  });

  it('searches as you type, narrowing the hits, and opens one with Enter', async () => {
    const { driver } = app;
    await driver.actions({ async: true }).keyDown(Key.CONTROL).sendKeys('k').keyUp(Key.CONTROL).perform();
    const input = await find(driver, 'search-input');
    await input.sendKeys(Key.ESCAPE);
    await driver.wait(async () => (await all(driver, 'search-input')).length === 0, TIMEOUT, 'Escape closes the search');

    await click(driver, 'open-search');
    const field = await find(driver, 'search-input');
    await field.sendKeys('Mar');
    await driver.wait(async () => (await all(driver, 'search-result')).length >= 3, TIMEOUT, 'waiting for 3 hits');
    await field.sendKeys('ig');
    await driver.wait(
      async () => {
        const hits = await all(driver, 'search-result');
        return hits.length === 1 && (await hits[0].getText()).includes('Marigold Fenwick');
      },
      TIMEOUT,
      'waiting for the hits to narrow to Marigold',
    );
    const hit = (await all(driver, 'search-result'))[0];
    assert.equal(await hit.getAttribute('data-kind'), 'contact');
    await field.sendKeys(Key.ENTER);
    await find(driver, 'contact-detail');
    await waitForText(driver, 'contact-detail', 'marigold@example.org');
  });

  it('keeps the contacts table inside the window beside an open contact, long values cut short', async () => {
    const { driver } = app;
    cli(vault, 'ada', PASSWORD, [
      'contact',
      'add',
      '--name',
      'Bartholomew Alexander Montgomery-Fairweather',
      '--email',
      'bartholomew.montgomery-fairweather@consolidated-holdings.example',
      '--phone',
      '+44 20 7946 0000',
      '--company',
      'Consolidated Maritime Holdings and Trading Company',
    ]);
    await click(driver, 'nav-dashboard');
    await openContact(driver, 'Bartholomew Alexander');
    const [wrapScroll, wrapClient, pageScroll, pageClient] = await driver.executeScript(() => {
      const wrap = document.querySelector('[data-testid="contacts-table"]').parentElement;
      return [wrap.scrollWidth, wrap.clientWidth, document.documentElement.scrollWidth, window.innerWidth];
    });
    assert.ok(wrapScroll <= wrapClient, `the table scrolls sideways: ${wrapScroll} > ${wrapClient}`);
    assert.ok(pageScroll <= pageClient, `the page scrolls sideways: ${pageScroll} > ${pageClient}`);
    const titles = [];
    for (const row of await all(driver, 'contact-row')) {
      titles.push(await row.findElement(By.css('td[title]')).getAttribute('title'));
    }
    assert.ok(titles.includes('Bartholomew Alexander Montgomery-Fairweather'), 'the full name is in the tooltip');
  });

  it('drags a deal to another column of the pipeline board', async () => {
    const { driver } = app;
    const dragged = deals(vault).find((d) => d.title === 'Drag me across');
    assert.equal(dragged.stage, 'Lead');

    await click(driver, 'nav-deals');
    await find(driver, 'pipeline-board');
    const card = await findWith(driver, 'deal-card', 'id', dragged.id);
    const proposal = await findWith(driver, 'pipeline-column', 'stage-name', 'Proposal');
    await driver
      .actions({ async: true })
      .move({ origin: card })
      .press()
      .move({ origin: proposal })
      .release()
      .perform();

    await driver.wait(
      async () => (await proposal.findElements(By.css(`[data-testid="deal-card"][data-id="${dragged.id}"]`))).length === 1,
      TIMEOUT,
      'waiting for the card in the Proposal column',
    );
    await driver.wait(
      () => deals(vault).find((d) => d.id === dragged.id).stage === 'Proposal',
      TIMEOUT,
      'waiting for the move to reach the vault',
    );
    assert.equal((await all(driver, 'error-message')).length, 0, 'no error is shown');
  });

  it('asks for a reason before a deal dropped on Lost is moved there', async () => {
    const { driver } = app;
    const lost = deals(vault).find((d) => d.title === 'Lose me');
    const card = await findWith(driver, 'deal-card', 'id', lost.id);
    const column = await findWith(driver, 'pipeline-column', 'stage-name', 'Lost');
    await driver.actions({ async: true }).move({ origin: card }).press().move({ origin: column }).release().perform();

    await type(driver, 'close-reason', 'Chose a cheaper supplier');
    await click(driver, 'close-confirm');
    await driver.wait(
      async () => (await column.findElements(By.css(`[data-testid="deal-card"][data-id="${lost.id}"]`))).length === 1,
      TIMEOUT,
      'waiting for the card in the Lost column',
    );
    await driver.wait(() => deals(vault).find((d) => d.id === lost.id).stage === 'Lost', TIMEOUT);
    assert.equal(deals(vault).find((d) => d.id === lost.id).lost_reason, 'Chose a cheaper supplier');
  });

  it('opens a deal from the board, logs a note on it and shows the note in the deal’s timeline', async () => {
    const { driver } = app;
    const opened = deals(vault).find((d) => d.title === 'Drag me across');

    await click(driver, 'nav-deals');
    const card = await findWith(driver, 'deal-card', 'id', opened.id);
    await (await card.findElement(byTestId('deal-open'))).click();
    await findWith(driver, 'deal-detail', 'id', opened.id);
    await waitForText(driver, 'deal-detail-stage', 'Proposal');
    const timeline = await find(driver, 'deal-timeline');
    await find(driver, 'timeline-empty');

    await type(driver, 'activity-subject', 'Asked for the rollout date');
    await type(driver, 'activity-body', 'They want to start in March.');
    await click(driver, 'activity-save');
    await driver.wait(
      async () => {
        const items = await timeline.findElements(byTestId('timeline-item'));
        return items.length === 1 && (await items[0].getText()).includes('Asked for the rollout date');
      },
      TIMEOUT,
      'waiting for the note in the deal’s timeline',
    );
    assert.equal(await (await timeline.findElement(byTestId('timeline-item'))).getAttribute('data-kind'), 'note');

    const logged = JSON.parse(cli(vault, 'ada', PASSWORD, ['activity', 'list', '--deal', String(opened.id), '--json']));
    assert.equal(logged.length, 1);
    assert.equal(logged[0].subject, 'Asked for the rollout date');
    assert.deepEqual(logged[0].about, { kind: 'deal', id: opened.id });

    await click(driver, 'deal-back');
    await findWith(driver, 'deal-card', 'id', opened.id);
  });

  it('pages the companies list: the second page loads after the first, from its cursor', async () => {
    const { driver } = app;
    const file = path.join(home.base, 'companies to import.csv');
    const rows = Array.from({ length: 53 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      return `Person ${n},person${n}@example.org,Firma ${n}`;
    });
    writeFileSync(file, `Name,Email,Company\n${rows.join('\n')}\n`);
    cli(vault, 'ada', PASSWORD, ['import', 'csv', file]);
    const total = JSON.parse(cli(vault, 'ada', PASSWORD, ['company', 'list', '--json'])).length;
    assert.ok(total > 50, `more companies than a page: ${total}`);

    await click(driver, 'nav-companies');
    await waitForText(driver, 'page-info', `1–50 of ${total}`);
    await click(driver, 'page-next');
    await waitForText(driver, 'page-info', `51–${total} of ${total}`);
    const names = await texts(driver, 'company-row');
    assert.equal(names.length, total - 50);
    assert.ok(names.at(-1).includes('Firma 52'), names.at(-1));
  });
});
