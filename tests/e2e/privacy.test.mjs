// Consent and data-subject rights in the real window: the owner writes a
// consent form in the Consent screen and opens its print view, records
// consent "from form version 1" on a contact (its purposes show as given),
// withdraws one saying how the withdrawal arrived, opens an access request, exports the access package and
// completes the request in the Privacy requests screen, and erases a person
// after typing their name (they leave the list and the search).

import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it, test } from 'node:test';
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
  texts,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const FORM_TEXT = 'I would like to hear about offers and receive the newsletter by e-mail.';

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

/** Waits until the element with this test id and data attribute has `attribute` equal to `expected`. */
async function waitForAttribute(driver, id, name, value, attribute, expected) {
  let last = null;
  await driver
    .wait(
      async () => {
        try {
          const el = (await driver.findElements(By.css(`[data-testid="${id}"][data-${name}="${value}"]`)))[0];
          last = el ? await el.getAttribute(attribute) : null;
        } catch {
          return false; // Replaced while being read; look again.
        }
        return last === expected;
      },
      TIMEOUT,
    )
    .catch(() => {
      const wanted = JSON.stringify(expected);
      throw new Error(`${id}[${name}=${value}] has ${attribute}=${JSON.stringify(last)}, not ${wanted}`);
    });
}

/** Picks the option whose text is `label` in the select with this test id. */
async function selectByText(driver, id, label) {
  const select = await find(driver, id);
  await driver.wait(
    async () => {
      for (const option of await select.findElements(By.css('option'))) {
        if ((await option.getText()) === label) {
          await option.click();
          return true;
        }
      }
      return false;
    },
    TIMEOUT,
    `waiting for the option ${label} in ${id}`,
  );
}

/**
 * Calls a Steward command through the page's own IPC bridge, as the UI's api module does, and resolves with
 * its reply or `{ error }`. Used where a native dialog would choose the file.
 */
async function invoke(driver, command, args) {
  return driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
       (value) => done({ value }),
       (error) => done({ error }),
     );`,
    command,
    args,
  );
}

function contactId(vault, name) {
  const list = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json']));
  const found = (Array.isArray(list) ? list : list.items).find((c) => c.name === name);
  assert.ok(found, `${name} is in the vault`);
  return found.id;
}

describe('consent and data-subject rights', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', 'Hedda Gabler', '--email', 'hedda@example.org']);
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', 'Peer Gynt', '--email', 'peer@example.org']);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `privacy-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('creates a consent form version in the Consent screen and opens its print view', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-consent');
    await find(driver, 'consent-coverage');
    await click(driver, 'consent-tab-forms');
    await find(driver, 'forms-empty');

    await click(driver, 'form-new');
    await type(driver, 'form-name', 'Newsletter sign-up');
    await type(driver, 'form-body', FORM_TEXT);
    for (const box of await all(driver, 'form-purpose')) {
      const key = await box.getAttribute('value');
      if (key === 'newsletter' || key === 'marketing-email') await box.click();
    }
    await click(driver, 'form-save');
    await waitForText(driver, 'forms-notice', 'Newsletter sign-up, version 1 was saved.');

    const row = await findWith(driver, 'form-row', 'version', '1');
    await (await row.findElement(byTestId('form-print-open'))).click();
    const view = await find(driver, 'form-print');
    await waitForText(driver, 'form-print-body', FORM_TEXT);
    await waitForText(driver, 'form-print-version', 'Version 1');
    const purposes = [];
    for (const item of await all(driver, 'form-print-purpose')) purposes.push(await item.getAttribute('data-purpose'));
    assert.deepEqual(purposes.sort(), ['marketing-email', 'newsletter']);
    assert.match(await view.getText(), /Signature/);
    await click(driver, 'form-print-close');
    await driver.wait(async () => (await all(driver, 'form-print')).length === 0, TIMEOUT, 'the print view closes');
  });

  it('records consent from form version 1 on a contact: its purposes show as given', async () => {
    const { driver } = app;
    await openContact(driver, 'Hedda Gabler');
    await findWith(driver, 'consent-row', 'purpose', 'newsletter');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-status', 'none');

    await click(driver, 'consent-record');
    await find(driver, 'consent-record-form');
    await selectByText(driver, 'consent-form-version', 'Newsletter sign-up, version 1');
    await type(driver, 'consent-evidence', 'Signed paper form, binder 1');
    await click(driver, 'consent-save');

    await waitForText(driver, 'consent-notice', 'was recorded for 2 purposes');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-status', 'given');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'marketing-email', 'data-status', 'given');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-usable', 'true');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'profiling', 'data-status', 'none');

    const id = contactId(vault, 'Hedda Gabler');
    const listed = JSON.parse(cli(vault, 'ada', PASSWORD, ['consent', 'list', String(id), '--json']));
    const newsletter = listed.current.find((c) => c.purpose === 'newsletter');
    assert.equal(newsletter.status, 'given', 'the vault holds the consent');
    assert.equal(listed.history[0].evidence, 'Signed paper form, binder 1');
  });

  it('withdraws a given consent in one step, saying how the withdrawal arrived', async () => {
    const { driver } = app;
    const row = await findWith(driver, 'consent-row', 'purpose', 'newsletter');
    await (await row.findElement(byTestId('consent-withdraw'))).click();
    await find(driver, 'consent-withdraw-form');
    await selectByText(driver, 'consent-withdraw-method', 'E-mail from the person');
    await type(driver, 'consent-withdraw-evidence', 'Reply of 3 May: please stop');
    await click(driver, 'consent-withdraw-confirm');

    await waitForText(driver, 'consent-notice', 'Consent for Newsletter was withdrawn.');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-status', 'withdrawn');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-usable', 'false');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'marketing-email', 'data-status', 'given');

    const id = contactId(vault, 'Hedda Gabler');
    const listed = JSON.parse(cli(vault, 'ada', PASSWORD, ['consent', 'list', String(id), '--json']));
    assert.equal(listed.history[0].state, 'withdrawn');
    assert.equal(listed.history[0].method, 'email', 'the withdrawal says how it arrived');
    assert.equal(listed.history[0].evidence, 'Reply of 3 May: please stop');
  });

  it('opens an access request, exports the package and completes the request', async () => {
    const { driver } = app;
    await click(driver, 'rights-open-request');
    await selectByText(driver, 'rights-request-kind', 'Access (Art. 15)');
    await click(driver, 'rights-request-submit');
    await waitForText(driver, 'rights-notice', 'Access (Art. 15) request opened');

    await click(driver, 'nav-privacy');
    const row = await findWith(driver, 'request-row', 'kind', 'access');
    assert.match(await row.getText(), /Hedda Gabler/);
    assert.equal(await row.getAttribute('data-status'), 'open');
    assert.match(await (await row.findElement(byTestId('request-due'))).getText(), /^Due /);

    // The open and save dialogs are native; the commands they lead to are called through the page's IPC instead.
    const id = contactId(vault, 'Hedda Gabler');
    const scan = Buffer.from('%PDF-1.4 signed by Hedda Gabler\n');
    const scanPath = path.join(home.base, 'hedda-scan.pdf');
    writeFileSync(scanPath, scan);
    const recorded = await invoke(driver, 'record_consent', {
      contactId: id,
      purpose: 'profiling',
      consent: { state: 'given', method: 'paper-form', formId: null, evidence: null, evidencePath: scanPath, expires: null },
    });
    assert.equal(recorded.error, undefined, JSON.stringify(recorded.error));
    const evidenceOut = path.join(home.base, 'hedda-scan-back.pdf');
    const saved = await invoke(driver, 'save_consent_evidence', { consentId: recorded.value, path: evidenceOut });
    assert.equal(saved.error, undefined, JSON.stringify(saved.error));
    assert.equal(saved.value, scan.length);
    assert.deepEqual(readFileSync(evidenceOut), scan, 'the evidence file comes back out unchanged');
    assert.equal(statSync(evidenceOut).mode & 0o777, 0o600, 'readable by the user only');

    const file = path.join(home.base, 'hedda-access-package.json');
    const reply = await invoke(driver, 'export_access_package', { contactId: id, path: file });
    assert.equal(reply.error, undefined, JSON.stringify(reply.error));
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the package is readable by the user only');
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(pkg.format, 'steward-access-package');
    assert.equal(pkg.person.name, 'Hedda Gabler');
    assert.deepEqual(pkg.emails, ['hedda@example.org']);
    assert.deepEqual(pkg.consents.map((c) => `${c.purpose}:${c.state}`).sort(), [
      'marketing-email:given',
      'newsletter:given',
      'newsletter:withdrawn',
      'profiling:given',
    ]);
    const withFile = pkg.consents.find((c) => c.purpose === 'profiling');
    assert.equal(withFile.evidence_file.name, 'hedda-scan.pdf');
    assert.deepEqual(Buffer.from(withFile.evidence_file.content_base64, 'base64'), scan, 'the package holds the file');
    assert.equal(pkg.requests[0].kind, 'access');

    await (await row.findElement(byTestId('request-close'))).click();
    await click(driver, 'request-close-completed');
    await type(driver, 'request-outcome-input', 'Package sent by e-mail');
    await click(driver, 'request-close-submit');
    await waitForText(driver, 'requests-notice', 'The request was closed as completed.');
    await waitForAttribute(driver, 'request-row', 'kind', 'access', 'data-status', 'completed');
    await waitForText(driver, 'request-outcome', 'Package sent by e-mail');
  });

  it('erases a person after their name is typed: they leave the list and the search', async () => {
    const { driver } = app;
    await openContact(driver, 'Peer Gynt');
    await click(driver, 'rights-erase');
    await find(driver, 'erase-dialog');
    const submit = await find(driver, 'erase-submit');
    assert.equal(await submit.isEnabled(), false, 'nothing is erased before the name is typed');
    await type(driver, 'erase-confirm-name', 'Peer Gynt');
    await click(driver, 'erase-submit');

    await waitForText(driver, 'erase-certificate', 'Certificate of erasure');
    await waitForText(driver, 'erase-removed', '1 contact');
    await click(driver, 'erase-close');

    await driver.wait(
      async () => {
        const rows = await texts(driver, 'contact-row');
        return rows !== null && rows.length === 1 && !rows[0].includes('Peer Gynt');
      },
      TIMEOUT,
      'waiting for Peer Gynt to leave the list',
    );
    await waitForText(driver, 'contact-row', 'Hedda Gabler');

    await click(driver, 'open-search');
    const field = await find(driver, 'search-input');
    await field.sendKeys('Peer');
    await waitForText(driver, 'search-empty', 'Nothing matches');
    await field.clear();
    await field.sendKeys('peer@example.org');
    await waitForText(driver, 'search-empty', 'Nothing matches');

    const listed = cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json']);
    assert.equal(listed.includes('Peer Gynt'), false, 'the vault no longer holds the person');
  });
});

// A mailing list in the real window: a person withdraws their newsletter consent, the Export panel's mailing
// list for the newsletter says they are left out as withdrawn before anything is saved, and the saved file
// holds the address of the person who consented but not theirs.
test('a mailing list leaves out a person who withdrew, says so before saving, never writes them', async (t) => {
  const home = freshHome();
  const vault = prepareVault(home, PASSWORD);
  for (const [name, email] of [
    ['Nora Helmer', 'nora@example.org'],
    ['Torvald Helmer', 'torvald@example.org'],
  ]) {
    cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', name, '--email', email]);
    const id = contactId(vault, name);
    cli(vault, 'ada', PASSWORD, ['consent', 'record', String(id), 'newsletter', '--method', 'web-form']);
  }
  const app = await launch(home);
  try {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);

    // Torvald withdraws in the app.
    await openContact(driver, 'Torvald Helmer');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-status', 'given');
    const row = await findWith(driver, 'consent-row', 'purpose', 'newsletter');
    await (await row.findElement(byTestId('consent-withdraw'))).click();
    await find(driver, 'consent-withdraw-form');
    await selectByText(driver, 'consent-withdraw-method', 'E-mail from the person');
    await click(driver, 'consent-withdraw-confirm');
    await waitForAttribute(driver, 'consent-row', 'purpose', 'newsletter', 'data-status', 'withdrawn');

    // The mailing list for the newsletter, over everyone.
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Nora Helmer');
    await click(driver, 'export-contacts');
    await click(driver, 'export-format-mailing-list');
    await click(driver, 'export-scope-all');
    await selectByText(driver, 'export-purpose', 'Newsletter');
    await waitForText(driver, 'mailing-preview', '1 on the list. 1 left out: 1 consent withdrawn.');

    const file = path.join(home.base, 'newsletter-list.csv');
    await type(driver, 'export-path', file);
    await click(driver, 'export-save');
    await waitForText(driver, 'export-result', `Saved a mailing list of 1 person to ${file}.`);
    await waitForText(driver, 'export-left-out', '1 left out: 1 consent withdrawn.');

    assert.equal(statSync(file).mode & 0o777, 0o600, 'the list is readable by the user only');
    const saved = readFileSync(file, 'utf8');
    assert.equal(saved, 'Name,Email\nNora Helmer,nora@example.org\n');
    assert.equal(saved.includes('torvald@example.org'), false, 'the person who withdrew is not on the list');

    // The vault recorded the use with its counts, and no address.
    const entries = cli(vault, 'ada', PASSWORD, ['audit', 'list', '--json']);
    assert.match(entries, /consent\.use/);
    assert.equal(entries.includes('torvald@example.org'), false);
  } catch (error) {
    await saveArtifacts(app, `privacy-${t.name.replace(/\W+/g, '-')}`);
    throw error;
  } finally {
    await app.quit();
  }
});
