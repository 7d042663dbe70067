// An access review in the real window: the owner starts a review, sees a user who has never unlocked,
// decides to disable them and closes the review; the CLI then sees the user disabled and the audit log holds
// the decision. Which users are dormant is computed with the test clock in core's tests
// (`crates/core/tests/core/review.rs`): the CLI and the app these tests run are built without it, so a user
// cannot be aged here.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import { cli, click, find, freshHome, launch, prepareVault, saveArtifacts, unlockAs, waitForText } from './harness.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const FIRST = 'first lantern quartz 2026 meadow';
const TIMEOUT = 15_000;

/** The row of `name` in the review table, waited for. */
async function rowOf(driver, name) {
  const css = `[data-testid="review-row"][data-user="${name}"]`;
  return driver.wait(async () => (await driver.findElements(By.css(css)))[0] ?? false, TIMEOUT, `waiting for ${css}`);
}

describe('an access review', () => {
  const home = freshHome();
  let vault;
  let app;

  before(async () => {
    vault = prepareVault(home, PASSWORD);
    cli(vault, 'ada', PASSWORD, ['user', 'add', 'erin', '--role', 'agent', '--new-password-env', 'STEWARD_FIRST'], {
      STEWARD_FIRST: FIRST,
    });
    app = await launch(home);
  });
  afterEach(async (t) => {
    if (t.passed === false) await saveArtifacts(app, `review-${t.name.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await app?.quit();
  });

  it('lists the user, disables them on close and records the decision', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await click(driver, 'nav-access-review');
    await click(driver, 'review-start');
    const erin = await rowOf(driver, 'erin');
    await erin.findElement(By.css('[data-testid="review-decision"] option[value="disable"]')).click();
    // The decision is recorded before the close is offered.
    await driver.wait(
      async () => (await (await rowOf(driver, 'erin')).findElement(By.css('[data-testid="review-decision"]')).getAttribute('value')) === 'disable',
      TIMEOUT,
      'waiting for the decision',
    );
    await click(driver, 'review-close');
    await waitForText(driver, 'review-confirm', 'erin: Disable');
    await click(driver, 'review-confirm-close');
    await waitForText(driver, 'review-notice', '1 changes');
    await find(driver, 'review-past');

    const users = JSON.parse(cli(vault, 'ada', PASSWORD, ['user', 'list', '--json']));
    assert.equal(users.find((u) => u.name === 'erin').disabled, true);
    const entries = JSON.parse(cli(vault, 'ada', PASSWORD, ['audit', 'list', '--action', 'review.', '--json']));
    const decided = entries.find((e) => e.action === 'review.decide');
    assert.equal(decided.details.decision, 'disable');
    assert.equal(decided.target_type, 'user');
    assert.ok(entries.some((e) => e.action === 'review.close' && e.details.disable === 1));
  });
});
