// Roles in the real window: an agent sees masked fields and neither Users nor
// the Audit log; an admin reveals a field with a reason and finds that entry
// in the Audit log screen, whose integrity check passes.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import {
  addUser,
  cli,
  click,
  find,
  freshHome,
  launch,
  openContact,
  prepareVault,
  present,
  saveArtifacts,
  textOf,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const OWNER_PASSWORD = 'velvet cactus orbit 1987 lamp';
const AGENT_PASSWORD = 'agent harbor violet 1999 tundra';
const ADMIN_PASSWORD = 'admin comet walnut 2042 fjord';
const NAME = 'Henrietta Sensitiva';
const NATIONAL_ID = 'NI-4455-XY';

describe('roles, masked fields and the audit log', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, OWNER_PASSWORD);
    cli(vault, 'ada', OWNER_PASSWORD, ['contact', 'add', '--name', NAME, '--email', 'h@example.org', '--national-id', NATIONAL_ID]);
    addUser(vault, OWNER_PASSWORD, 'agnes', 'agent', AGENT_PASSWORD);
    addUser(vault, OWNER_PASSWORD, 'adam', 'admin', ADMIN_PASSWORD);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, t.name.replace(/\W+/g, '-'));
  });
  after(async () => {
    await app?.quit();
  });

  it('an agent sees masked fields and is not offered Users or the Audit log', async () => {
    const { driver } = app;
    await unlockAs(driver, 'agnes', AGENT_PASSWORD);
    assert.match(await textOf(driver, 'header-user'), /agnes.*agent/);
    assert.equal(await present(driver, 'nav-users'), false, 'no Users for an agent');
    assert.equal(await present(driver, 'nav-audit'), false, 'no Audit log for an agent');
    await openContact(driver, NAME);
    assert.equal(await textOf(driver, 'sensitive-national-id'), '••••••');
    assert.equal(await present(driver, 'reveal-national-id'), false, 'no Reveal for an agent');
    const page = await driver.getPageSource();
    assert.equal(page.includes(NATIONAL_ID), false, 'the value is nowhere in the page');
    await click(driver, 'lock-button');
  });

  it('an admin reveals a field with a reason', async () => {
    const { driver } = app;
    await unlockAs(driver, 'adam', ADMIN_PASSWORD);
    await openContact(driver, NAME);
    await click(driver, 'reveal-national-id');
    await type(driver, 'reveal-reason', 'identity check for the contract');
    await click(driver, 'reveal-submit');
    await waitForText(driver, 'sensitive-national-id', NATIONAL_ID);
  });

  it('the reveal is in the Audit log screen and the log verifies', async () => {
    const { driver } = app;
    await click(driver, 'nav-audit');
    await find(driver, 'audit-table');
    await driver.wait(
      async () => (await driver.findElements({ css: '[data-testid="audit-row"][data-action="contact.reveal"]' })).length > 0,
      15_000,
      'waiting for the reveal entry',
    );
    const row = await driver.findElement({ css: '[data-testid="audit-row"][data-action="contact.reveal"]' });
    const text = await row.getText();
    assert.match(text, /adam/);
    assert.match(text, /identity check for the contract/);
    assert.equal(text.includes(NATIONAL_ID), false, 'the value is not in the log');
    await click(driver, 'audit-verify');
    const result = await find(driver, 'audit-verify-result');
    await driver.wait(async () => (await result.getAttribute('data-intact')) === 'true', 15_000);
  });

  it('an admin adds a user in the Users screen', async () => {
    const { driver } = app;
    await click(driver, 'nav-users');
    await find(driver, 'users-table');
    await click(driver, 'add-user');
    await type(driver, 'new-user-name', 'vera');
    const role = await find(driver, 'new-user-role');
    await role.findElement({ css: 'option[value="viewer"]' }).click();
    await type(driver, 'new-user-password', 'vera first plum 7331 quokka');
    await click(driver, 'new-user-submit');
    await driver.wait(
      async () => (await driver.findElements({ css: '[data-testid="user-row"][data-name="vera"]' })).length > 0,
      15_000,
      'waiting for the new user row',
    );
    const users = JSON.parse(cli(vault, 'ada', OWNER_PASSWORD, ['user', 'list', '--json']));
    assert.equal(users.find((u) => u.name === 'vera')?.role, 'viewer');
  });
});
