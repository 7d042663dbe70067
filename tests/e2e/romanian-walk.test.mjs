// Every screen of the real window in Romanian: a vault made in the first-run screen in Romanian, with the
// sample business and a few records whose names have diacritics (Ștefan, Țugui, Înescu), then each screen
// and its main dialogs in turn. On each: no English word of a small list shows, no date, time or amount is
// in an English format, and neither the page nor its header, sidebar or content pane scrolls sideways
// (Romanian is longer). Switching back to English in Settings leaves no Romanian word of the interface on
// a few main screens, on the unlock screen after a lock, or after the unlock. A screenshot of each Romanian
// screen is saved under tests/.artifacts/romanian-walk (or $STEWARD_WALK_SHOTS).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
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
  saveArtifacts,
  textOf,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const SHOTS = process.env.STEWARD_WALK_SHOTS ?? path.resolve(import.meta.dirname, '..', '.artifacts', 'romanian-walk');

/**
 * English words that have no business on a Romanian screen (none is also a Romanian word), and English
 * formats: a month or weekday name, a US date, an amount with a comma for thousands, AM/PM.
 */
const word = (alternatives) => new RegExp(`(?<!\\p{L})(${alternatives})(?!\\p{L})`, 'u');
const ENGLISH = [
  word('Add|Save|Cancel|Delete|Edit|Close|Search|Settings|Loading|Back|Next|Previous|Today|Week|Month|Show|Hide|Yes|Owner|Unknown|None|New|Remove|Choose|Open|Overdue|Due|Done|Users?|Alerts?|Backups?|Tasks?|Deals?|Companies|Contacts|Name|Phone|Notes|Title|Stage|Amount'),
  word('the|and|of|with|for|your|you|this|that|from|to|is|not|no|or|at|by|on|in'),
  word('January|February|March|April|June|July|August|September|October|November|December'),
  word('Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun'),
  /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/,
  /\d,\d{3}\.\d{2}\b/,
  /\b\d{1,2}:\d{2}\s?(AM|PM)\b/,
];

/**
 * Romanian words of the interface (not of the sample business's records, which stay as they were written)
 * that must be gone once the interface is back in English.
 */
const ROMANIAN = word(
  'Adăugați|Salvați|Anulați|Ștergeți|Închideți|Deschideți|Modificați|Căutare|Setări|Contacte|Companii|Oportunități|Sarcini|Utilizatori|Alerte|Copii de rezervă|Jurnal de audit|Deblocați|Blocați|dumneavoastră|Înapoi|Azi|Săptămână|Lună|Termen|Memento|mementouri',
);

/**
 * What the page shows to a reader, by element: each visible element's own text (its text nodes, not its
 * children's), its placeholder and its title; and the panes that scroll sideways. Runs in the window.
 */
function inspect() {
  const seen = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const label = (el) =>
    el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`;
  for (const el of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName) || !visible(el)) continue;
    // Codes shown as stored (an audit entry's action and details) are not interface text.
    if (el.closest('td.details, code, kbd, pre')) continue;
    let own = '';
    for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) own += node.textContent;
    own = own.replace(/\s+/g, ' ').trim();
    if (own) seen.push({ where: label(el), text: own });
    for (const attr of ['placeholder', 'title']) {
      const value = el.getAttribute(attr);
      if (value) seen.push({ where: `${label(el)}[${attr}]`, text: value });
    }
  }
  // A select shows its chosen option.
  for (const select of document.querySelectorAll('select')) {
    if (visible(select) && select.selectedOptions[0]) seen.push({ where: label(select), text: select.selectedOptions[0].text });
  }
  const wide = [];
  const panes = [
    document.documentElement,
    ...document.querySelectorAll('header.bar, nav.sidebar, .content, main, [role="dialog"], dialog, .box, .card, .table-wrap'),
  ];
  for (const pane of panes) {
    if (visible(pane) && pane.scrollWidth > pane.clientWidth + 1) wide.push(`${label(pane)}: ${pane.scrollWidth} > ${pane.clientWidth}`);
  }
  return { seen, wide };
}

/**
 * Chooses `value` in the select with this test id as a pick from its list would, without opening the
 * webview's native list.
 */
async function choose(driver, id, value) {
  await driver.executeScript(
    `arguments[0].value = arguments[1];
     arguments[0].dispatchEvent(new Event('change', { bubbles: true }));`,
    await find(driver, id),
    value,
  );
}

describe('every screen in Romanian', () => {
  const home = freshHome();
  const vaultDir = path.join(home.base, 'seif');
  const csv = path.join(home.base, 'oameni.csv');
  let app;
  /** What each screen showed that is wrong, by screen: all of them are said at the end. */
  const problems = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(csv, ['Nume,E-mail,Companie', 'Ștefan Țugui,stefan@example.ro,Țesătoria Înescu SRL', ''].join('\n'));
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `romanian-walk-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  /** Saves a screenshot as `name` and notes what is wrong on screen in `language`. */
  async function look(name, language = 'ro', { shot = true } = {}) {
    const { driver } = app;
    // Let a screen that loads its data settle.
    await driver.sleep(100);
    // (WebKitWebDriver's screenshot never returns on the recovery key's steps: those are inspected only.)
    if (shot) writeFileSync(path.join(SHOTS, `${name}.png`), await driver.takeScreenshot(), 'base64');
    const { seen, wide } = await driver.executeScript(inspect);
    const before = problems.length;
    for (const pane of wide) problems.push(`${name}: scrolls sideways: ${pane}`);
    for (const { where, text } of seen) {
      if (language === 'ro') {
        const hit = ENGLISH.map((re) => text.match(re)).find(Boolean);
        if (hit) problems.push(`${name}: English "${hit[0]}" in ${where}: ${JSON.stringify(text.slice(0, 120))}`);
      } else {
        const hit = text.match(ROMANIAN);
        if (hit) problems.push(`${name}: Romanian "${hit[0]}" in ${where}: ${JSON.stringify(text.slice(0, 120))}`);
      }
    }
    for (const line of problems.slice(before)) console.log(`# ${line}`);
  }

  /** Clicks each tab of the tab list on screen in turn, looking at each. */
  async function lookAtTabs(name, language = 'ro') {
    const { driver } = app;
    const ids = [];
    for (const tab of await driver.findElements(By.css('[role="tab"]'))) ids.push(await tab.getAttribute('data-testid'));
    for (const id of ids) {
      await click(driver, id);
      await look(`${name}-${id}`, language);
    }
  }

  it('creates a vault in Romanian in the first-run screen', async () => {
    const { driver } = app;
    await choose(driver, 'firstrun-language', 'ro');
    await waitForText(driver, 'firstrun-create', 'Creați');
    await type(driver, 'firstrun-dir', vaultDir);
    await type(driver, 'firstrun-user', 'ada');
    await type(driver, 'firstrun-password', PASSWORD);
    await type(driver, 'firstrun-password-confirm', PASSWORD);
    await click(driver, 'firstrun-sample');
    await driver.wait(async () => Number(await (await find(driver, 'strength-meter')).getAttribute('data-score')) >= 3, 10_000);
    await look('01-first-run');
    await click(driver, 'firstrun-create');
    const key = (await textOf(driver, 'recovery-key')).trim();
    await look('02-recovery-key', 'ro', { shot: false });
    await click(driver, 'recovery-continue');
    const groups = key.split('-');
    for (const id of ['recovery-confirm-a', 'recovery-confirm-b']) {
      const input = await find(driver, id);
      await input.sendKeys(groups[Number(await input.getAttribute('data-group')) - 1]);
    }
    await look('03-recovery-confirm', 'ro', { shot: false });
    await click(driver, 'recovery-done');
    await find(driver, 'dashboard');
    await waitForText(driver, 'nav-contacts', 'Contacte');

    // A few records whose names have Romanian letters, and what the admin screens show.
    const run = (args) => cli(vaultDir, 'ada', PASSWORD, args).trim();
    const stefan = run(['contact', 'add', '--name', 'Ștefan Popescu', '--email', 'stefan.popescu@example.ro', '--city', 'Brașov', '--tag', 'Școală']);
    run(['contact', 'add', '--name', 'Ion Țugui', '--email', 'ion.tugui@example.ro', '--city', 'Iași']);
    run(['contact', 'add', '--name', 'Ana Înescu', '--email', 'ana.inescu@example.ro', '--phone', '+40 721 234 567']);
    const company = run(['company', 'add', '--name', 'Țesătoria Înescu SRL', '--city', 'Sibiu', '--country', 'RO']);
    run(['deal', 'add', '--title', 'Contract de întreținere', '--amount', '1234.56', '--currency', 'RON', '--contact', stefan, '--company', company]);
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    run(['task', 'add', '--title', 'Sunați-l pe Ștefan', '--due', `${today}T23:59`, '--remind', '1h', '--contact', stefan]);
    run(['task', 'add', '--title', 'Întâlnire la Țesătorie', '--due', `${today}T14:05`, '--duration', '1h30m', '--company', company]);
    run(['dsr', 'open', stefan, '--type', 'access']);
    cli(vaultDir, 'ada', PASSWORD, ['user', 'add', 'ioana', '--role', 'agent', '--new-password-env', 'STEWARD_FIRST'], {
      STEWARD_FIRST: 'first lantern quartz 2026 meadow',
    });
    run(['user', 'set-role', 'ioana', 'manager']);
    run(['breach', 'open', '--summary', 'Laptop pierdut în tren', '--discovered', new Date().toISOString(), '--data', 'names', '--subjects', 'customers', '--people', '3']);
  });

  it('shows the everyday screens in Romanian', async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await click(driver, 'nav-dashboard');
    await find(driver, 'pipeline-chart');
    await look('10-dashboard');

    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Ștefan Popescu');
    await look('11-contacts');
    await openContact(driver, 'Ștefan Popescu');
    await look('12-contact-detail');
    await click(driver, 'contact-edit');
    await find(driver, 'contact-name');
    await look('13-contact-edit');
    await click(driver, 'nav-contacts');
    await click(driver, 'add-contact');
    await find(driver, 'contact-name');
    await look('14-contact-new');
    for (const [open, shot] of [
      ['export-contacts', '15-export'],
      ['bulk-view-open', '16-bulk'],
      ['duplicates-open', '17-duplicates'],
      ['recycle-bin', '18-recycle-bin'],
    ]) {
      await click(driver, 'nav-contacts');
      await click(driver, open);
      await look(shot);
    }

    await click(driver, 'nav-contacts');
    await click(driver, 'import-contacts');
    await find(driver, 'import-path');
    await look('20-import');
    await type(driver, 'import-path', csv);
    await click(driver, 'import-next');
    await find(driver, 'import-map');
    await look('21-import-map');
    await click(driver, 'import-dry-run');
    await find(driver, 'import-dry-run-result');
    await look('22-import-dry-run');

    await click(driver, 'nav-companies');
    await waitForText(driver, 'company-row', 'Țesătoria Înescu SRL');
    await look('30-companies');
    for (const row of await driver.findElements(byTestId('company-row'))) {
      if ((await row.getText()).includes('Țesătoria')) {
        await row.findElement(By.css('button')).click();
        break;
      }
    }
    await find(driver, 'company-detail');
    await look('31-company-detail');
    await click(driver, 'add-company');
    await look('32-company-new');

    await click(driver, 'nav-deals');
    await find(driver, 'pipeline-board');
    await look('40-deals');
    for (const card of await driver.findElements(byTestId('deal-card'))) {
      if ((await card.getText()).includes('întreținere')) {
        await card.findElement(byTestId('deal-open')).click();
        break;
      }
    }
    await find(driver, 'deal-detail');
    await look('41-deal-detail');
    await click(driver, 'nav-deals');
    await click(driver, 'add-deal');
    await find(driver, 'deal-title');
    await look('42-deal-new');
    await (await driver.findElement(By.xpath("//*[@role='dialog']//button[normalize-space()='Anulați']"))).click();

    await click(driver, 'nav-tasks');
    await find(driver, 'task-list');
    await lookAtTabs('50-tasks');
    await click(driver, 'add-task');
    await look('51-task-new');

    await click(driver, 'nav-calendar');
    await find(driver, 'calendar-range');
    await click(driver, 'calendar-view-week');
    await look('52-calendar-week');
    await click(driver, 'calendar-view-month');
    await look('53-calendar-month');

    await click(driver, 'open-search');
    await (await find(driver, 'search-input')).sendKeys('stefan');
    await find(driver, 'search-result');
    await look('54-search');
    await (await find(driver, 'search-input')).sendKeys(Key.ESCAPE);
  });

  it('shows privacy and administration in Romanian', async () => {
    const { driver } = app;
    await click(driver, 'nav-consent');
    await find(driver, 'consent-screen');
    await lookAtTabs('60-consent');
    await click(driver, 'nav-privacy');
    await find(driver, 'privacy-screen');
    await lookAtTabs('61-privacy');
    await click(driver, 'nav-breaches');
    await find(driver, 'breaches-screen');
    await look('62-breaches');
    await (await (await find(driver, 'breach-row')).findElement(By.css('button'))).click();
    await look('63-breach-detail');
    await click(driver, 'nav-users');
    await find(driver, 'users-table');
    await look('70-users');
    await click(driver, 'add-user');
    await look('71-user-new');
    await click(driver, 'nav-audit');
    await find(driver, 'audit-table');
    await look('72-audit');
    await click(driver, 'nav-alerts');
    await find(driver, 'alerts-table');
    await look('73-alerts');
    await click(driver, 'nav-access-review');
    await look('74-access-review');
    await click(driver, 'nav-backups');
    await find(driver, 'backups-screen');
    await click(driver, 'backup-now');
    await find(driver, 'backup-row');
    await look('75-backups');
    await click(driver, 'nav-settings');
    await find(driver, 'language-section');
    await look('76-settings');
    await click(driver, 'nav-rules');
    await look('77-rules');
    await click(driver, 'change-password-link');
    await find(driver, 'cp-current');
    await look('78-change-password');
  });

  // Screens after the switch are inspected only, with no screenshot: WebKitWebDriver's first screenshot after the
  // interface language is switched in Settings took 59.5 s in 4 runs out of 5 (a timeout inside the driver),
  // while the window was idle (its WebKitWebProcess used 0.3 s of CPU in that minute, the page's timers never
  // waited more than 0.2 s) and clicks, by the driver or by `element.click()` in the page, showed the next
  // screen in 0.1 to 0.3 s. The screenshots are for reviewing the Romanian screens anyway.
  it('leaves no Romanian of the interface once switched back to English', { timeout: 60_000 }, async () => {
    const { driver } = app;
    await click(driver, 'nav-settings');
    await find(driver, 'language-section');
    await choose(driver, 'language-interface', 'en');
    await waitForText(driver, 'nav-contacts', 'Contacts');
    await waitForText(driver, 'language-section', 'Your interface language');
    await look('90-en-settings', 'en', { shot: false });

    for (const [nav, id, shot] of [
      ['nav-dashboard', 'pipeline-chart', '91-en-dashboard'],
      ['nav-contacts', 'contact-row', '92-en-contacts'],
      ['nav-deals', 'pipeline-board', '93-en-deals'],
      ['nav-tasks', 'task-list', '94-en-tasks'],
      ['nav-audit', 'audit-table', '95-en-audit'],
    ]) {
      await click(driver, nav);
      await find(driver, id);
      await look(shot, 'en', { shot: false });
    }

    // The unlock screen follows the last choice on this computer, and the unlock brings back the user's own.
    await click(driver, 'lock-button');
    await waitForText(driver, 'unlock-submit', 'Unlock');
    await look('96-en-unlock', 'en', { shot: false });
    await unlockAs(driver, 'ada', PASSWORD);
    await waitForText(driver, 'nav-contacts', 'Contacts');
    await look('97-en-after-unlock', 'en', { shot: false });
  });

  it('finds nothing wrong on any screen', () => {
    assert.deepEqual(problems, []);
  });
});
