// Measures the cold start of the app to its unlock screen: from asking
// tauri-driver for a session (which starts STEWARD_APP_BINARY) until the
// unlock form's password field is on screen, for a vault made beforehand.
// The time includes starting WebKitWebDriver, so it is an upper bound of
// what a person sees. Run under scripts/with-desktop:
//   STEWARD_APP_BINARY=/usr/bin/steward-app STEWARD_CLI_BINARY=/usr/bin/steward \
//     scripts/with-desktop node tests/installed/cold-start.mjs [RUNS]

import { find, freshHome, launch, prepareVault } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const home = freshHome();
prepareVault(home, 'velvet cactus orbit 1987 lamp');
const times = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const app = await launch(home);
  await find(app.driver, 'unlock-password');
  times.push(Math.round(performance.now() - start));
  await app.quit();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`cold start to the unlock screen, ms: ${times.join(', ')}; median ${sorted[Math.floor(runs / 2)]}`);
