// The company's rules for customer data in the real window: the owner publishes them (CLI), a new manager
// unlocks and is shown them, chooses "Later", has an export refused with a way to read the rules, accepts
// them, and the same export then works; the owner sees who accepted which version.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

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
  unlockAs,
  waitForText,
} from './harness.mjs';

const OWNER_PASSWORD = 'velvet cactus orbit 1987 lamp';
const MANAGER_PASSWORD = 'manager lantern cobalt 2031 reef';
const RULES = 'Rules for using customer data\n\nExport only for a named purpose.\nTell Ada at once about a lost laptop.';

describe('the rules for customer data, known and accepted', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, OWNER_PASSWORD);
    cli(vault, 'ada', OWNER_PASSWORD, ['contact', 'add', '--name', 'Ilinca Petrescu', '--email', 'ilinca@example.ro']);
    addUser(vault, OWNER_PASSWORD, 'mara', 'manager', MANAGER_PASSWORD);
    const file = path.join(home.base, 'rules.txt');
    writeFileSync(file, RULES);
    const published = JSON.parse(cli(vault, 'ada', OWNER_PASSWORD, ['rules', 'set', '--file', file, '--json']));
    assert.equal(published.version, 1);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `rules-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('shows the rules at unlock; an export waits for them and works once they are accepted', async () => {
    const { driver } = app;
    await unlockAs(driver, 'mara', MANAGER_PASSWORD);
    await waitForText(driver, 'rules-gate-text', 'Tell Ada at once about a lost laptop.');
    assert.match(await textOf(driver, 'rules-gate-meta'), /Version 1/);
    await click(driver, 'rules-later');
    assert.equal(await present(driver, 'rules-gate'), false);

    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Ilinca Petrescu');
    const file = path.join(home.base, 'everyone.csv');
    await click(driver, 'export-contacts');
    await click(driver, 'export-format-csv');
    await click(driver, 'export-scope-all');
    const fullCopy = await (await find(driver, 'export-purpose')).findElement({ css: 'option[value="__full-copy__"]' });
    await fullCopy.click();
    await type(driver, 'export-path', file);
    await click(driver, 'export-save');
    await waitForText(driver, 'error-message', 'Read and accept the company’s rules for customer data');
    assert.equal(existsSync(file), false, 'nothing is written before the rules are accepted');

    await click(driver, 'rules-read');
    await waitForText(driver, 'rules-gate-text', 'Export only for a named purpose.');
    await click(driver, 'rules-accept');
    await driver.wait(async () => !(await present(driver, 'rules-gate')), 15_000, 'the rules close');
    assert.equal(await present(driver, 'rules-refused'), false);

    await click(driver, 'export-save');
    await waitForText(driver, 'export-result', '1');
    assert.ok(readFileSync(file, 'utf8').includes('Ilinca Petrescu'));

    const status = JSON.parse(cli(vault, 'ada', OWNER_PASSWORD, ['rules', 'status', '--json']));
    const mara = status.find((u) => u.user === 'mara');
    assert.equal(mara.version, 1);
    assert.equal(mara.due, false);
    const audit = cli(vault, 'ada', OWNER_PASSWORD, ['audit', 'list', '--json']);
    assert.match(audit, /rules-not-acknowledged/);
    assert.match(audit, /rules\.acknowledge/);
  });
});
