// A breach incident in the real window, in a Romanian vault (its documents in Romanian; the interface
// stays in the system's English): three failed unlocks (through the CLI) raise the
// critical failed-unlocks alert; the owner opens an incident from it on the Alerts screen, sees the
// 72-hour countdown banner, runs the "who touched what" report (the failed unlocks are in it), shows the
// drafts (in Romanian, addressed to ANSPDCP) and records the decision, which the CLI then lists.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import { cli, click, find, freshHome, launch, prepareVault, saveArtifacts, textOf, type, unlockAs, waitForText } from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 15_000;
const REASON = 'Parolele nu au fost ghicite; nu există date expuse.';

describe('a breach incident from an alert', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['language', 'set', 'ro']);
    cli(vault, 'ada', PASSWORD, ['policy', 'set', 'failed_unlocks', '3']);
    for (let i = 0; i < 3; i++) {
      assert.throws(() => cli(vault, 'ada', 'wrong guess', ['unlock-check']));
    }
    const alerts = JSON.parse(cli(vault, 'ada', PASSWORD, ['alerts', 'list', '--json']));
    assert.ok(alerts.some((a) => a.rule === 'failed-unlocks'), JSON.stringify(alerts));
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `breach-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('opens an incident from the alert, reports, drafts in Romanian and records the decision', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);

    // Alerts: the critical failed-unlocks alert offers to open an incident.
    await click(driver, 'nav-alerts');
    const css = '[data-testid="alert-row"][data-rule="failed-unlocks"]';
    const row = await driver.wait(async () => (await driver.findElements(By.css(css)))[0] ?? false, TIMEOUT, 'the alert');
    await (await row.findElement(By.css('[data-testid="alert-open-incident"]'))).click();

    // The form comes pre-filled from the alert, its summary in the vault's language.
    await find(driver, 'breach-form');
    await waitForText(driver, 'breach-from-alert', 'Opened from alert');
    await driver.wait(
      async () => (await (await find(driver, 'breach-summary')).getAttribute('value')).startsWith('Deschis din alerta'),
      TIMEOUT,
      'the summary from the alert',
    );
    assert.equal(await (await find(driver, 'breach-data-credentials')).isSelected(), true);
    await type(driver, 'breach-people', '3');
    await click(driver, 'breach-save');
    await waitForText(driver, 'breach-notice', 'Incident 1 was recorded');

    // The countdown banner shows above every screen once asked again (on navigating).
    await click(driver, 'nav-alerts');
    await waitForText(driver, 'breach-countdown', 'Incident 1 waits for a decision');
    assert.match(await textOf(driver, 'breach-countdown'), /: (71|72) h \d+ min left of the 72 hours/);
    await click(driver, 'breach-countdown-open');
    await find(driver, 'breach-detail');

    // Who touched what: the failed unlocks (one audit entry for the three attempts, written at the next
    // unlock) and the unlocks are in the report.
    await click(driver, 'breach-report-run');
    await find(driver, 'breach-report');
    const failed = await driver.findElements(By.css('[data-testid="breach-report-entry"][data-kind="failed-unlock"]'));
    assert.equal(failed.length, 1);
    assert.match(await failed[0].getText(), /vault\.unlock_failed/);
    await waitForText(driver, 'breach-report-summary', 'ada: failed-unlock × 1');
    await waitForText(driver, 'breach-report-summary', 'ada: unlock');

    // The drafts, in Romanian.
    await click(driver, 'breach-drafts');
    const authority = await textOf(driver, 'breach-draft-authority');
    assert.match(authority, /ANSPDCP/);
    assert.match(authority, /Au fost informate persoanele vizate \(art\. 34\)\?/);
    assert.match(authority, /Numărul aproximativ de persoane vizate/);
    assert.match(await textOf(driver, 'breach-draft-subjects'), /Ce s-a întâmplat/);

    // The decision: notify the authority, not the people (with the reason).
    await click(driver, 'breach-subjects-no-notify');
    await type(driver, 'breach-subjects-reason', REASON);
    await click(driver, 'breach-decide');
    await waitForText(driver, 'breach-notice', 'The decision on incident 1 was recorded.');
    await waitForText(driver, 'breach-decision', 'ada');
    await waitForText(driver, 'breach-state', 'decided');

    const [stored] = JSON.parse(cli(vault, 'ada', PASSWORD, ['breach', 'list', '--json']));
    assert.equal(stored.id, 1);
    assert.equal(stored.people_approx, 3);
    assert.equal(stored.decision.notify_authority, true);
    assert.equal(stored.decision.notify_subjects, false);
    assert.equal(stored.decision.subjects_reason, REASON);
    assert.equal(stored.decision.by, 'ada');
  });
});
