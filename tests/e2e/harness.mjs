// Starts the real Steward binary under tauri-driver (which drives
// WebKitWebDriver) with its own data and config folders, and offers a few
// helpers that find elements by their data-testid.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';

const root = path.resolve(import.meta.dirname, '..', '..');
export const APP = process.env.STEWARD_APP_BINARY ?? path.join(root, 'target', 'debug', 'steward-app');
const ARTIFACTS = path.join(root, 'tests', '.artifacts');
const TIMEOUT = 20_000;

/** A fresh home for one app: XDG data and config folders inside a temp dir. */
export function freshHome() {
  const base = mkdtempSync(path.join(os.tmpdir(), 'steward-e2e-'));
  const home = { base, data: path.join(base, 'data'), config: path.join(base, 'config') };
  mkdirSync(home.data);
  mkdirSync(home.config);
  return home;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, deadline) {
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port}`);
}

/**
 * Launches the app (with `args` on its command line, as `steward-app FILE` would have them); returns the
 * WebDriver and a quit function.
 */
export async function launch(home, { args = [] } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const log = [];
  const driverProcess = spawn(
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    ['--port', String(port), '--native-port', String(nativePort)],
    {
      env: { ...process.env, XDG_DATA_HOME: home.data, XDG_CONFIG_HOME: home.config },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: tauri-driver, WebKitWebDriver and the app, ended together in quit().
      detached: true,
    },
  );
  driverProcess.stdout.on('data', (d) => log.push(String(d)));
  driverProcess.stderr.on('data', (d) => log.push(String(d)));
  await waitForPort(port, Date.now() + TIMEOUT);
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP, args } })
    .build();
  return {
    driver,
    log,
    /** The pids of the app's live processes (normally one). */
    appPids() {
      return liveInGroup(driverProcess.pid, 'steward-app');
    },
    async quit() {
      try {
        await within(driver.quit(), TIMEOUT, 'ending the WebDriver session');
      } catch {
        // The session may already be gone; the processes are ended below.
      } finally {
        await endGroup(driverProcess);
      }
    },
  };
}

/** Resolves or rejects as `promise` does, or rejects once `ms` have passed. */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The pids of the live (not yet exited) processes of process group `pgid` whose name is `name`. */
function liveInGroup(pgid, name) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Exited while we looked.
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces, so split after its closing parenthesis.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && comm.startsWith(name)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Ends what `launch` started. The app normally exits by itself once its window closes (after its quit
 * backup), so it gets a few seconds for that; then the whole group is stopped. WebKitWebDriver can answer
 * the end of the session before the window has closed, and ending it then leaves the app running with
 * this process's output pipes open, which would keep the test file from ever finishing.
 */
async function endGroup(child) {
  const pgid = child.pid;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && liveInGroup(pgid, 'steward-app').length > 0) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const stranded = liveInGroup(pgid, 'steward-app');
  if (stranded.length > 0) console.error(`# the app (pid ${stranded.join(', ')}) was still running after its session ended; stopped`);
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
  child.stdout.destroy();
  child.stderr.destroy();
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

export async function find(driver, id, timeout = TIMEOUT) {
  const el = await driver.wait(until.elementLocated(byTestId(id)), timeout, `waiting for ${id}`);
  await driver.wait(until.elementIsVisible(el), timeout, `waiting for ${id} to be visible`);
  return el;
}

export async function type(driver, id, text) {
  const el = await find(driver, id);
  await el.clear();
  await el.sendKeys(text);
  return el;
}

export async function click(driver, id) {
  const el = await find(driver, id);
  await driver.wait(until.elementIsEnabled(el), TIMEOUT, `waiting for ${id} to be enabled`);
  await el.click();
}

export async function textOf(driver, id) {
  return (await find(driver, id)).getText();
}

/** Whether an element with this test id is on the page now. */
export async function present(driver, id) {
  return (await driver.findElements(byTestId(id))).length > 0;
}

/**
 * The texts of every element with this test id, found now; `null` when one of them left the page
 * while being read (a list re-rendered), so a wait tries again rather than failing.
 */
export async function texts(driver, id) {
  const out = [];
  for (const el of await driver.findElements(byTestId(id))) {
    try {
      out.push(await el.getText());
    } catch (e) {
      if (e.name === 'StaleElementReferenceError') return null;
      throw e;
    }
  }
  return out;
}

/** Waits until some element with `id` has text containing `text`. */
export async function waitForText(driver, id, text, timeout = TIMEOUT) {
  let seen;
  try {
    await driver.wait(
      async () => {
        seen = await texts(driver, id);
        return seen?.some((t) => t.includes(text)) ?? false;
      },
      timeout,
    );
  } catch (e) {
    // Say what was there instead: a changed sentence is then one run to mend, not two.
    e.message = `waiting for ${id} to show ${JSON.stringify(text)}; it showed ${JSON.stringify(seen ?? null)}`;
    throw e;
  }
}

/** Saves a screenshot and the driver log when a test fails. */
export async function saveArtifacts(app, name) {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = await app.driver.takeScreenshot();
    writeFileSync(path.join(ARTIFACTS, `${name}.png`), png, 'base64');
    writeFileSync(path.join(ARTIFACTS, `${name}.log`), app.log.join(''));
  } catch {
    // Best effort: the window may be gone.
  }
}

/** Every file's bytes below `dir`. */
export function allFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push([p, readFileSync(p)]);
  }
  return out;
}

export const STEWARD = process.env.STEWARD_CLI_BINARY ?? path.join(root, 'target', 'debug', 'steward');

/** Runs the steward CLI on `vault` as `user` and returns its stdout. */
export function cli(vault, user, password, args, extraEnv = {}) {
  return execFileSync(STEWARD, ['--vault', vault, ...args], {
    env: { ...process.env, STEWARD_USER: user, STEWARD_PASSWORD: password, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  }).toString();
}

/**
 * Creates a vault in `home`'s default place with the CLI (owner `ada`) and
 * makes the app remember it, so the app starts on the unlock screen.
 */
export function prepareVault(home, ownerPassword) {
  const vault = path.join(home.data, 'steward', 'vault');
  execFileSync(STEWARD, ['--vault', vault, 'init', '--user', 'ada'], {
    env: { ...process.env, STEWARD_PASSWORD: ownerPassword },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  mkdirSync(path.join(home.config, 'steward'), { recursive: true });
  writeFileSync(path.join(home.config, 'steward', 'app.json'), JSON.stringify({ vaultDir: vault }));
  return vault;
}

/** Adds a user with the CLI and sets their own password, as they would at first unlock. */
export function addUser(vault, ownerPassword, name, role, password) {
  const first = 'first lantern quartz 2026 meadow';
  cli(vault, 'ada', ownerPassword, ['user', 'add', name, '--role', role, '--new-password-env', 'STEWARD_FIRST'], {
    STEWARD_FIRST: first,
  });
  cli(vault, name, first, ['user', 'passwd', '--new-password-env', 'STEWARD_NEW'], { STEWARD_NEW: password });
}

/** Fills the unlock form (a select or a text field for the user) and submits. */
export async function unlockAs(driver, user, password) {
  const userField = await find(driver, 'unlock-user');
  if ((await userField.getTagName()).toLowerCase() === 'select') {
    await userField.findElement(By.css(`option[value="${user}"]`)).click();
  } else {
    await userField.clear();
    await userField.sendKeys(user);
  }
  await type(driver, 'unlock-password', password);
  await click(driver, 'unlock-submit');
  await waitForText(driver, 'header-user', user);
}

/** Opens the contact whose row shows `name`, going to the Contacts screen first. */
export async function openContact(driver, name) {
  await click(driver, 'nav-contacts');
  await waitForText(driver, 'contact-row', name);
  for (const row of await driver.findElements(byTestId('contact-row'))) {
    if ((await row.getText()).includes(name)) {
      await row.findElement(By.css('button')).click();
      await find(driver, 'contact-detail');
      return;
    }
  }
  throw new Error(`no row shows ${name}`);
}
