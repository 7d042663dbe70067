// Reminders that reach you, in the real window: a task with a time and a reminder a minute ahead fires one
// desktop notification naming it (seen through the debug build's notification log, STEWARD_NOTIFICATION_LOG,
// which release builds do not contain), shows in the reminders panel and is dismissed there; with the vault
// locked, the notification says only how many reminders are due.
//
// The app the end-to-end tests run is built without core's test-support feature, so it ignores STEWARD_NOW
// (security.test.mjs checks that): these tests wait for the real clock, a minute or two.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
  present,
  saveArtifacts,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
/** The ticker looks every 30 s; the reminder comes within a minute; the window refreshes on its event. */
const REMINDER_WAIT = 150_000;

const pad = (n) => String(n).padStart(2, '0');

/** The local date and minute `minutes` from now: `['YYYY-MM-DD', 'HH:MM']`. */
function localMoment(minutes) {
  const d = new Date(Date.now() + minutes * 60_000);
  return [`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, `${pad(d.getHours())}:${pad(d.getMinutes())}`];
}

/** Sets a date or time field as a person picking from its control would. */
async function setField(driver, element, value) {
  await driver.executeScript(
    `arguments[0].value = arguments[1];
     arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
     arguments[0].dispatchEvent(new Event('change', { bubbles: true }));`,
    element,
    value,
  );
}

/** The notifications handed to the plugin so far. */
function sent(log) {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function waitForSent(driver, log, body) {
  await driver.wait(
    async () => sent(log).some((n) => n.body === body),
    REMINDER_WAIT,
    `waiting for a notification ${JSON.stringify(body)}; sent: ${JSON.stringify(sent(log))}`,
  );
}

describe('reminders that reach you', () => {
  const home = freshHome();
  const log = path.join(home.base, 'notifications.jsonl');
  let vault;
  let app;
  const saved = process.env.STEWARD_NOTIFICATION_LOG;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    process.env.STEWARD_NOTIFICATION_LOG = log;
    try {
      app = await launch(home);
    } finally {
      if (saved === undefined) delete process.env.STEWARD_NOTIFICATION_LOG;
      else process.env.STEWARD_NOTIFICATION_LOG = saved;
    }
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `reminders-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('notifies once naming the task, lists it in the window and dismisses it', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-tasks');
    await find(driver, 'task-tabs');
    await click(driver, 'add-task');
    await type(driver, 'task-title', 'Ping the printer');
    const [day, time] = localMoment(1);
    await setField(driver, await find(driver, 'task-due'), day);
    await setField(driver, await find(driver, 'task-time'), time);
    await (await (await find(driver, 'task-remind')).findElement(By.css('option[value="0"]'))).click();
    await click(driver, 'task-save');

    await waitForSent(driver, log, `Ping the printer — ${time}`);
    assert.deepEqual(
      sent(log).map((n) => n.title),
      ['Steward'],
    );
    await waitForText(driver, 'reminder-row', 'Ping the printer', REMINDER_WAIT);
    assert.match(await (await find(driver, 'reminders-count')).getText(), /^1 reminder due$/);

    const row = await find(driver, 'reminder-row');
    await (await row.findElement(byTestId('reminder-dismiss'))).click();
    await driver.wait(async () => !(await present(driver, 'reminders-panel')), 15_000, 'the panel goes');
    const listed = JSON.parse(cli(vault, 'ada', PASSWORD, ['--json', 'reminder', 'list']));
    assert.deepEqual(listed.due, []);
    assert.equal(sent(log).length, 1, 'sent once');
  });

  it('says only how many reminders are due while the vault is locked', async () => {
    const { driver } = app;
    await click(driver, 'lock-button');
    await find(driver, 'unlock-password');
    const [day, time] = localMoment(1);
    cli(vault, 'ada', PASSWORD, ['task', 'add', '--title', 'Call Wilhelmina Popescu', '--due', `${day}T${time}`, '--remind', 'at-due']);
    const queue = readFileSync(path.join(vault, 'reminders.json'), 'utf8');
    assert.ok(!queue.includes('Wilhelmina'), queue);

    await waitForSent(driver, log, '1 reminder due — unlock to see it');
    for (const n of sent(log).slice(1)) {
      assert.ok(!JSON.stringify(n).includes('Wilhelmina') && !JSON.stringify(n).includes('Popescu'), JSON.stringify(n));
    }

    // After the unlock, the reminder is in the window and named in a notification.
    await unlockAs(driver, 'ada', PASSWORD);
    await waitForText(driver, 'reminder-row', 'Call Wilhelmina Popescu', REMINDER_WAIT);
  });
});
