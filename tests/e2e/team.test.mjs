// A team vault in the real window: laptop A (the CLI) publishes its vault on a throwaway PostgreSQL server,
// laptop B (the app) is a replica joined from it. The app syncs in the background: A's edits appear without
// a refresh, B's edits reach A, and with the server gone the app says offline and keeps working.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { By } from 'selenium-webdriver';

import {
  cli,
  click,
  find,
  freshHome,
  launch,
  openContact,
  saveArtifacts,
  STEWARD,
  type,
  unlockAs,
  waitForText,
} from './harness.mjs';
import { startCluster } from './pgcluster.mjs';

const PASSWORD = 'velvet cactus orbit 1987 lamp';
const TIMEOUT = 20_000;

/** Waits until the indicator is in `state`. */
async function waitForState(driver, state, timeout = TIMEOUT) {
  const css = `[data-testid="team-indicator"][data-state="${state}"]`;
  await driver.wait(
    async () => (await driver.findElements(By.css(css))).length > 0,
    timeout,
    `waiting for the team indicator to say ${state}`,
  );
}

describe('a team vault in the app', () => {
  const home = freshHome();
  const laptopA = path.join(home.base, 'laptop-a');
  let cluster;
  let app;
  let id;

  before(async () => {
    cluster = startCluster();
    execFileSync(STEWARD, ['--vault', laptopA, 'init', '--user', 'ada'], {
      env: { ...process.env, STEWARD_PASSWORD: PASSWORD },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    id = cli(laptopA, 'ada', PASSWORD, ['contact', 'add', '--name', 'Wilhelmina Quarrington']).trim();
    const team = cli(laptopA, 'ada', PASSWORD, ['team', 'create', '--server', cluster.url]).trim();
    // Laptop B: the app's own vault folder, joined from the server.
    const laptopB = path.join(home.data, 'steward', 'vault');
    cli(laptopB, 'ada', PASSWORD, ['team', 'join', '--server', cluster.url, '--team', team]);
    mkdirSync(path.join(home.config, 'steward'), { recursive: true });
    writeFileSync(path.join(home.config, 'steward', 'app.json'), JSON.stringify({ vaultDir: laptopB }));
    app = await launch(home);
  });

  after(async () => {
    await app?.quit();
    cluster?.remove();
  });

  afterEach(async (t) => {
    if (t.signal?.aborted || t.error) await saveArtifacts(app, `team-${t.name.replaceAll(' ', '-')}`);
  });

  it('unlocks the replica and says synced', async () => {
    const { driver } = app;
    await unlockAs(driver, 'ada', PASSWORD);
    await waitForState(driver, 'synced');
    await click(driver, 'team-indicator');
    await waitForText(driver, 'team-server', 'Server:');
    await find(driver, 'team-panel');
    await click(driver, 'team-indicator');
  });

  it("shows laptop A's edit without a refresh", async () => {
    const { driver } = app;
    await click(driver, 'nav-contacts');
    await waitForText(driver, 'contact-row', 'Wilhelmina Quarrington');
    cli(laptopA, 'ada', PASSWORD, ['contact', 'edit', id, '--name', 'Wilhelmina Quarrington-Hale']);
    cli(laptopA, 'ada', PASSWORD, ['sync']);
    await waitForText(driver, 'contact-row', 'Quarrington-Hale');
    await waitForState(driver, 'synced');
  });

  it("sends the app's edit to laptop A: waiting, then synced", async () => {
    const { driver } = app;
    await openContact(driver, 'Quarrington-Hale');
    await click(driver, 'contact-edit');
    await type(driver, 'contact-title', 'Head of purchasing');
    await click(driver, 'contact-save');
    await waitForText(driver, 'contact-title', 'Head of purchasing');
    await waitForState(driver, 'waiting');
    await waitForState(driver, 'synced');
    cli(laptopA, 'ada', PASSWORD, ['sync']);
    const shown = JSON.parse(cli(laptopA, 'ada', PASSWORD, ['contact', 'show', id, '--json']));
    assert.equal(shown.title, 'Head of purchasing');
  });

  it('says offline when the server is gone, and editing still works', async () => {
    const { driver } = app;
    cluster.stop();
    await waitForState(driver, 'offline');
    await openContact(driver, 'Quarrington-Hale');
    await click(driver, 'contact-edit');
    await type(driver, 'contact-title', 'Buyer');
    await click(driver, 'contact-save');
    await waitForText(driver, 'contact-title', 'Buyer');
    await waitForState(driver, 'offline');
    await waitForText(driver, 'team-indicator', 'Offline');
  });
});
