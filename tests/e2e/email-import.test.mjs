// E-mail import in the real window: two .eml files (Outlook's windows-1250 with a PDF, Gmail's HTML-only
// ISO-8859-2) chosen through the file picker on the Import screen's e-mail section are previewed (a dry
// run), imported, and both show on the timeline of the contact whose address they carry (stored in other
// letters' case than the messages use).
//
// The native dialog is out of WebDriver's reach: the debug build answers it from the queue file
// STEWARD_TEST_PICKS names (src-tauri/src/files.rs), one JSON array of paths a line.

import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { byTestId, cli, click, find, freshHome, launch, openContact, prepareVault, saveArtifacts, unlockAs, waitForText } from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'crates', 'core', 'tests', 'fixtures', 'email');
const CONTACT = 'Maria Pop';
// The subjects as the messages spell them (cedilla ş and ţ, as their old charsets have it).
const OUTLOOK = 'Contract semnat – ata\u015fat';
const GMAIL = 'Programare mar\u0163i';

describe('e-mail import', () => {
  const home = freshHome();
  const picks = path.join(home.base, 'picks');
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', CONTACT, '--email', 'MARIA.POP@example.com']);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', 'Ștefan Țurcanu', '--email', 'stefan@example.ro']);
    const saved = process.env.STEWARD_TEST_PICKS;
    process.env.STEWARD_TEST_PICKS = picks;
    try {
      app = await launch(home);
    } finally {
      if (saved === undefined) delete process.env.STEWARD_TEST_PICKS;
      else process.env.STEWARD_TEST_PICKS = saved;
    }
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `email-import-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('previews and imports two messages onto the contact timeline', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-contacts');
    await click(driver, 'import-contacts');
    await find(driver, 'import-email');

    appendFileSync(picks, `${JSON.stringify([path.join(FIXTURES, 'outlook-1250.eml'), path.join(FIXTURES, 'gmail-html-only.eml')])}\n`);
    await click(driver, 'import-email-choose');
    await waitForText(driver, 'import-email-preview', '2 messages: 2 e-mails to add to timelines, 1 attachments, 0 new contacts');
    // Ion wrote to Maria from an address no contact has: offered, not ticked, so not created.
    await waitForText(driver, 'import-email-unknown', 'ion@necunoscut.ro');
    await click(driver, 'import-email-run');
    await waitForText(driver, 'import-email-done', 'Import finished: 2 e-mails added to timelines, 1 attachments, 0 new contacts');

    await openContact(driver, CONTACT);
    await waitForText(driver, 'timeline-item', OUTLOOK);
    await waitForText(driver, 'timeline-item', GMAIL);
    const items = await driver.findElements(byTestId('timeline-item'));
    assert.equal(items.length, 2);
    for (const item of items) assert.equal(await item.getAttribute('data-kind'), 'email');

    const people = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json']));
    assert.equal(people.length, 2, 'no contact was created');
  });
});
