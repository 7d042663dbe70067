// A spreadsheet saved by Excel with Romanian regional settings, imported
// through the wizard in the real window: Windows-1250 bytes, `;` between
// cells, Romanian headers with the cedilla letters ş and ţ, a decimal comma
// column, dd.mm.yyyy birthdays, rows of separators only at the end, and one
// row whose name is too long. The preview shows the guessed encoding, the
// suggested mapping, the skipped rows and the rejected one; the good rows
// import and the contacts show their diacritics as written.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
  prepareVault,
  saveArtifacts,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** The Windows-1250 bytes of the letters the file uses beyond ASCII. */
const CP1250 = new Map([
  ['Ă', 0xc3],
  ['ă', 0xe3],
  ['Â', 0xc2],
  ['â', 0xe2],
  ['Î', 0xce],
  ['î', 0xee],
  ['Ş', 0xaa],
  ['ş', 0xba],
  ['Ţ', 0xde],
  ['ţ', 0xfe],
]);

/** `text` in Windows-1250, byte for byte; a letter outside the table is a mistake in the test. */
function cp1250(text) {
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) bytes.push(code);
    else if (CP1250.has(ch)) bytes.push(CP1250.get(ch));
    else throw new Error(`no Windows-1250 byte for ${ch}`);
  }
  return Buffer.from(bytes);
}

/** Too long for a name (300 characters at most): the row is rejected, the others import. */
const LONG = 'Lungu'.repeat(61);

const LINES = [
  'Prenume;Nume;E-mail;Telefon;Firmă;Funcţie;Oraş;Data naşterii;Valoare contract',
  'Ioana;Popescu;ioana@example.ro;0723 456 789;Brutăria Sf. Ion SRL;Director;Braşov;14.03.1985;12.500,50',
  'Ştefan;Ţăranu;stefan.taranu@example.ro;0744 123 456;Ţesătoria Română SA;Contabil-şef;Iaşi;02.11.1979;1.200.000,00',
  `Radu;${LONG};radu@example.ro;0745 000 111;Moara Veche;Morar;Piteşti;01.01.1970;3,5`,
  'Mihai;Ionescu;mihai@example.ro;021 555 0110;Fabrica de Pâine;Vânzări;Bucureşti;31.05.1990;950',
  ';;;;;;;;',
  ';;;;;;;;',
  ';;;;;;;;',
];

describe('a Romanian Excel file through the import wizard', () => {
  const home = freshHome();
  const file = path.join(home.base, 'clienti.csv');
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    const bytes = cp1250(LINES.map((l) => `${l}\r\n`).join(''));
    // Byte-exact: no BOM, CRLF, one byte a letter.
    assert.equal(bytes[0], 0x50);
    assert.equal(bytes.includes(0xc4), false, 'no UTF-8 lead byte of ă');
    writeFileSync(file, bytes);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `import-romanian-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('previews the guessed encoding, the mapping, the skipped and the rejected rows, and imports the good ones', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-contacts');
    await click(driver, 'import-contacts');
    await type(driver, 'import-path', file);
    await click(driver, 'import-next');
    await find(driver, 'import-preview');

    // The encoding, guessed from the bytes, and the delimiter.
    assert.equal(await (await find(driver, 'import-encoding')).getAttribute('value'), 'windows-1250');
    await waitForText(driver, 'import-delimiter', 'Guessed from the file');
    await waitForText(driver, 'import-delimiter', 'semicolons');
    // The headers read with their cedilla letters, each mapped to its field.
    const mapped = {
      Prenume: 'first-name',
      Nume: 'last-name',
      'E-mail': 'email',
      Telefon: 'phone',
      Firmă: 'company',
      Funcţie: 'title',
      Oraş: 'city',
      'Data naşterii': 'birthday',
    };
    for (const [header, field] of Object.entries(mapped)) {
      const select = await driver.findElement(By.css(`[data-testid="import-map"][data-column="${header}"]`));
      assert.equal(await select.getAttribute('value'), field, `the column ${header}`);
    }
    // The rows of separators at the end are skipped, and said so.
    await waitForText(driver, 'import-skipped', '3 lines are not contacts and will be skipped: lines 6, 7, 8');

    // The wizard's buttons sit under the notes option, past the window's bottom edge.
    const dry = await find(driver, 'import-dry-run');
    await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', dry);
    await click(driver, 'import-dry-run');
    await waitForText(driver, 'import-dry-run-counts', '3 to create, 0 to merge, 0 to skip, 0 left out, 1 rejected');
    const rejected = await driver.wait(
      async () => (await driver.findElements(By.css('[data-testid="import-problem"][data-fate="rejected"]')))[0] ?? false,
      TIMEOUT,
      'waiting for the rejected row',
    );
    const row = await rejected.getText();
    assert.match(row, /line 4/);
    assert.match(row, /the name is 310 characters long; the limit is 300/);
    assert.equal(row.includes('Lungu'), false, 'the reason holds no value from the file');
    assert.equal((await driver.findElements(byTestId('import-start'))).length, 0, 'the whole file would be refused');

    await waitForText(driver, 'import-good', 'Import 3 good rows');
    // The button sits under the problems table, at the window's bottom edge.
    const good = await find(driver, 'import-good');
    await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', good);
    await click(driver, 'import-good');
    const outcome = await driver.wait(
      async () =>
        (await driver.findElements(byTestId('import-result')))[0] ??
        (await driver.findElements(byTestId('error-message')))[0] ??
        false,
      TIMEOUT,
      'waiting for the import to end',
    );
    assert.equal(await outcome.getAttribute('data-testid'), 'import-result', await outcome.getText());
    await waitForText(driver, 'import-result', 'created 3');
    await waitForText(driver, 'import-result-counts', '1 rejected');
    await find(driver, 'import-save-rejected');

    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Ştefan Ţăranu');
    await waitForText(driver, 'contact-row', 'Ioana Popescu');
    await waitForText(driver, 'contact-row', 'Mihai Ionescu');

    const names = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'list', '--json'])).map((c) => c.name);
    assert.deepEqual(names.sort(), ['Ioana Popescu', 'Mihai Ionescu', 'Ştefan Ţăranu']);
    const stefan = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'search', 'Ţăranu', '--json']))[0];
    const shown = JSON.parse(cli(vault, 'ada', PASSWORD, ['contact', 'show', String(stefan.id), '--json']));
    assert.equal(shown.company, 'Ţesătoria Română SA');
    assert.equal(shown.title, 'Contabil-şef');
    assert.equal(shown.city, 'Iaşi');
  });
});
