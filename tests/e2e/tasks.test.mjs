// Tasks and activities you can change, in the real window: a task with a time and a reminder, rescheduled and
// retitled from its row; an activity corrected in a contact's timeline and deleted after a confirmation.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
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
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;

/** A local date `days` from today as `YYYY-MM-DD`, the form the date field holds. */
function localDay(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Sets a date or time field as a person picking from its control would: the value, then the `input` event the
 * form listens to (typing into these controls differs between engines).
 */
async function setField(driver, element, value) {
  await driver.executeScript(
    `arguments[0].value = arguments[1];
     arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
     arguments[0].dispatchEvent(new Event('change', { bubbles: true }));`,
    element,
    value,
  );
}

/** Chooses the option with `value` in a select. */
async function choose(select, value) {
  await (await select.findElement(By.css(`option[value="${value}"]`))).click();
}

/** The row of the task whose title is `title`, waited for. */
async function taskRow(driver, title) {
  return driver.wait(
    async () => {
      for (const row of await driver.findElements(byTestId('task-row'))) {
        try {
          if ((await row.getText()).includes(title)) return row;
        } catch {
          return false;
        }
      }
      return false;
    },
    TIMEOUT,
    `waiting for the task ${title}`,
  );
}

describe('tasks and activities you can change', () => {
  const home = freshHome();
  let vault;
  let app;
  let contactId;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    contactId = cli(vault, 'ada', PASSWORD, ['contact', 'add', '--name', 'Grace Hopper']).trim();
    cli(vault, 'ada', PASSWORD, [
      'activity',
      'add',
      '--contact',
      contactId,
      '--kind',
      'call',
      '--subject',
      'Intro call',
      '--body',
      'Talked about COBOL.',
    ]);
    cli(vault, 'ada', PASSWORD, ['activity', 'add', '--contact', contactId, '--kind', 'note', '--subject', 'Wrong number']);
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `tasks-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('adds a task due today at a time with a reminder, then reschedules and retitles it', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-tasks');
    await find(driver, 'task-tabs');
    await click(driver, 'add-task');
    await type(driver, 'task-title', 'Call the printer');
    await setField(driver, await find(driver, 'task-due'), localDay(0));
    await setField(driver, await find(driver, 'task-time'), '09:30');
    await choose(await find(driver, 'task-duration'), '30');
    await choose(await find(driver, 'task-remind'), '15');
    await click(driver, 'task-save');

    let row = await taskRow(driver, 'Call the printer');
    assert.match(await (await row.findElement(byTestId('task-reminder'))).getText(), /Reminder: 15 mins? before/);
    assert.match(await (await row.findElement(byTestId('task-due-label'))).getText(), /09:30|9:30/);
    let [saved] = JSON.parse(cli(vault, 'ada', PASSWORD, ['task', 'list', '--json']));
    assert.equal(saved.title, 'Call the printer');
    assert.equal(saved.due_date, localDay(0));
    assert.equal(saved.due_time, '09:30');
    assert.equal(saved.duration_minutes, 30);
    assert.equal(saved.remind_before_minutes, 15);

    // Reschedule to tomorrow afternoon and retitle it from its row.
    await (await row.findElement(byTestId('task-edit'))).click();
    const form = await row.findElement(byTestId('task-form'));
    const title = await form.findElement(byTestId('task-title'));
    await title.clear();
    await title.sendKeys('Visit the printer');
    await setField(driver, await form.findElement(byTestId('task-due')), localDay(1));
    await setField(driver, await form.findElement(byTestId('task-time')), '16:00');
    await choose(await form.findElement(byTestId('task-remind')), '0');
    await (await form.findElement(byTestId('task-save'))).click();

    // It leaves Today and shows under Upcoming with its new title, time and reminder.
    await find(driver, 'tasks-empty');
    await click(driver, 'task-tab-upcoming');
    row = await taskRow(driver, 'Visit the printer');
    assert.match(await (await row.findElement(byTestId('task-reminder'))).getText(), /At the due time/);
    assert.match(await (await row.findElement(byTestId('task-due-label'))).getText(), /04:00|4:00|16:00/);
    [saved] = JSON.parse(cli(vault, 'ada', PASSWORD, ['task', 'list', '--json']));
    assert.equal(saved.title, 'Visit the printer');
    assert.equal(saved.due_date, localDay(1));
    assert.equal(saved.due_time, '16:00');
    assert.equal(saved.duration_minutes, 30);
    assert.equal(saved.remind_before_minutes, 0);
  });

  it('corrects an activity in a contact’s timeline and deletes another after confirming', async () => {
    const { driver } = app;
    await openContact(driver, 'Grace Hopper');
    const timeline = await find(driver, 'contact-timeline');
    await waitForText(driver, 'timeline-item', 'Intro call');

    const itemShowing = async (text) => {
      for (const item of await timeline.findElements(byTestId('timeline-item'))) {
        if ((await item.getText()).includes(text)) return item;
      }
      throw new Error(`no timeline item shows ${text}`);
    };
    const intro = await itemShowing('Intro call');
    await (await intro.findElement(byTestId('activity-edit'))).click();
    await choose(await intro.findElement(byTestId('activity-edit-kind')), 'meeting');
    const subject = await intro.findElement(byTestId('activity-edit-subject'));
    await subject.clear();
    await subject.sendKeys('Intro meeting');
    await (await intro.findElement(byTestId('activity-edit-save'))).click();
    await waitForText(driver, 'timeline-item', 'Intro meeting');

    const wrong = await itemShowing('Wrong number');
    await (await wrong.findElement(byTestId('activity-delete'))).click();
    await (await wrong.findElement(byTestId('activity-confirm-delete'))).click();
    await driver.wait(
      async () => (await timeline.findElements(byTestId('timeline-item'))).length === 1,
      TIMEOUT,
      'waiting for the deleted activity to leave the timeline',
    );

    const logged = JSON.parse(cli(vault, 'ada', PASSWORD, ['activity', 'list', '--contact', contactId, '--json']));
    assert.deepEqual(
      logged.map((a) => [a.kind, a.subject, a.body]),
      [['meeting', 'Intro meeting', 'Talked about COBOL.']],
    );
  });
});
