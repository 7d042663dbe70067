// Regenerates docs/images/contacts.png for the README: a vault with the
// sample contacts, unlocked, one contact open. Run inside a desktop:
//   scripts/with-desktop node tests/screenshot.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { By } from 'selenium-webdriver';

import { click, find, freshHome, launch, type, waitForText } from './e2e/harness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const home = freshHome();
const vault = path.join(home.data, 'steward', 'vault');
const password = 'velvet cactus orbit 1987 lamp';
execFileSync(path.join(root, 'target', 'debug', 'steward'), ['--vault', vault, 'init', '--user', 'ada', '--sample-data'], {
  env: { ...process.env, STEWARD_PASSWORD: password },
  stdio: ['ignore', 'ignore', 'inherit'],
});
// Where the app remembers its vault (directories' config folder for Steward).
mkdirSync(path.join(home.config, 'steward'));
writeFileSync(path.join(home.config, 'steward', 'app.json'), JSON.stringify({ vaultDir: vault }));

const app = await launch(home);
try {
  const { driver } = app;
  await type(driver, 'unlock-password', password);
  await click(driver, 'unlock-submit');
  await click(driver, 'nav-contacts');
  await waitForText(driver, 'contact-row', 'Amara Okafor');
  await (await find(driver, 'contact-row')).findElement(By.css('button')).click();
  await find(driver, 'contact-detail');
  const png = await driver.takeScreenshot();
  writeFileSync(path.join(root, 'docs', 'images', 'contacts.png'), png, 'base64');
} finally {
  await app.quit();
}
