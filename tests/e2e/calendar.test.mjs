// The calendar in the real window: a task added with a time shows in the week's hours grid, is moved a day
// later and half an hour later from the keyboard (Enter, the arrow keys, Enter), shows moved in the Tasks list
// and in the vault, and the week is exported as an .ics file that is read back here.
//
// The move goes through the keyboard path: WebKitWebDriver does not synthesise the HTML5 drag-and-drop events
// (dragstart/drop) from WebDriver pointer actions, so a drag cannot be driven here; dropping is covered by the
// screen's unit tests.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { By, Key } from 'selenium-webdriver';

import { byTestId, cli, click, find, freshHome, launch, prepareVault, saveArtifacts, type, unlockAs, waitForText } from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** A local date `days` from today as `YYYY-MM-DD`. */
function localDay(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Sets a date or time field as picking from its control would. */
async function setField(driver, element, value) {
  await driver.executeScript(
    `arguments[0].value = arguments[1];
     arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
     arguments[0].dispatchEvent(new Event('change', { bubbles: true }));`,
    element,
    value,
  );
}

/** Calls a Steward command through the page's IPC bridge, where a native save dialog would choose the file. */
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

/** The events of an iCalendar text (RFC 5545: CRLF lines, folded with a leading space), as property maps. */
function parseIcs(text) {
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /END:VCALENDAR\r\n$/);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events = [];
  let current = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      const [name, ...params] = line.slice(0, colon).split(';');
      current[name] = { value: line.slice(colon + 1), params };
    }
  }
  return events;
}

describe('the calendar', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `calendar-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('moves a task with a time from the keyboard, and exports the week as iCalendar', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);

    // A task today at 09:30 for half an hour, added in the Tasks screen.
    await click(driver, 'nav-tasks');
    await click(driver, 'add-task');
    await type(driver, 'task-title', 'Meet the printer');
    await setField(driver, await find(driver, 'task-due'), localDay(0));
    await setField(driver, await find(driver, 'task-time'), '09:30');
    await (await (await find(driver, 'task-duration')).findElement(By.css('option[value="30"]'))).click();
    await click(driver, 'task-save');
    await waitForText(driver, 'task-row', 'Meet the printer');
    const [{ id }] = JSON.parse(cli(vault, 'ada', PASSWORD, ['task', 'list', '--json']));

    // It sits in today's column of the week.
    await click(driver, 'nav-calendar');
    const column = await find(driver, `calendar-column-${localDay(0)}`);
    const event = await column.findElement(byTestId(`calendar-event-${id}`));
    assert.match(await event.getAttribute('aria-label'), /^Meet the printer, .*(09:30|9:30)/);

    // Enter starts the move, right goes a day later, down half an hour later, Enter moves it there.
    await event.sendKeys(Key.ENTER);
    await waitForText(driver, 'calendar-status', 'Moving “Meet the printer”');
    await driver.switchTo().activeElement().sendKeys(Key.ARROW_RIGHT, Key.ARROW_DOWN);
    await waitForText(driver, 'calendar-status', '10:00');
    await driver.switchTo().activeElement().sendKeys(Key.ENTER);
    await waitForText(driver, 'calendar-status', '“Meet the printer” moved to');
    const moved = await find(driver, `calendar-column-${localDay(1)}`);
    await moved.findElement(byTestId(`calendar-event-${id}`));
    const focused = await driver.switchTo().activeElement();
    assert.equal(await focused.getAttribute('data-testid'), `calendar-event-${id}`, 'the moved task keeps the focus');

    // The vault and the Tasks list say the same: tomorrow at 10:00, still half an hour.
    const [saved] = JSON.parse(cli(vault, 'ada', PASSWORD, ['task', 'list', '--json']));
    assert.deepEqual(
      [saved.due_date, saved.due_time, saved.duration_minutes],
      [localDay(1), '10:00', 30],
    );
    await click(driver, 'nav-tasks');
    await click(driver, 'task-tab-upcoming');
    await waitForText(driver, 'task-row', 'Meet the printer');
    await waitForText(driver, 'task-due-label', '10:00');

    // The export button's native dialog chooses a file; its command is called with that file here.
    await click(driver, 'nav-calendar');
    await find(driver, 'calendar-export');
    const file = path.join(home.base, 'week.ics');
    const written = await invoke(driver, 'export_calendar', {
      from: localDay(-7),
      to: localDay(7),
      mineOnly: false,
      task: null,
      path: file,
    });
    assert.deepEqual(written, { value: 1 });
    const events = parseIcs(readFileSync(file, 'utf8'));
    assert.equal(events.length, 1);
    const [ics] = events;
    assert.equal(ics.SUMMARY.value, 'Meet the printer');
    assert.equal(ics.DTSTART.value, `${localDay(1).replaceAll('-', '')}T100000`);
    assert.equal(ics.DTEND.value, `${localDay(1).replaceAll('-', '')}T103000`);
    assert.match(ics.UID.value, new RegExp(`^task-${id}\\.[^@]+@steward$`));
    // Again over the same file: refused, the file kept.
    const again = await invoke(driver, 'export_calendar', { from: null, to: null, mineOnly: false, task: null, path: file });
    assert.match(JSON.stringify(again.error), /already exists/);

    const audit = cli(vault, 'ada', PASSWORD, ['audit', 'list', '--json']);
    assert.match(audit, /calendar\.export/);
    assert.match(audit, /task\.update/);
  });
});
