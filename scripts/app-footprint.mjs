// The measuring half of scripts/app-footprint (read its header first).
//
//   node app-footprint.mjs csv N FILE      write N synthetic contacts as CSV
//   node app-footprint.mjs floor default|tuned
//   node app-footprint.mjs app             (under the desktop; STEWARD_APP_BINARY says which binary)
//   node app-footprint.mjs report DIR JSON CONTACTS APP FLOOR DEB
//
// Each measurement writes DIR/<name>.json; `report` prints them together.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [, , mode, ...rest] = process.argv;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (mode === 'csv') writeCsv(Number(rest[0]), rest[1]);
else if (mode === 'report') report(...rest);
else await measure(mode, rest[0]);

function writeCsv(n, file) {
  const first = ['Ana', 'Ion', 'Maria', 'Andrei', 'Elena', 'Mihai', 'Ioana', 'Radu', 'Sofia', 'Paul'];
  const last = ['Popescu', 'Ionescu', 'Dumitrescu', 'Stan', 'Gheorghe', 'Rusu', 'Munteanu', 'Matei', 'Șerban', 'Țugui'];
  const lines = ['First name,Last name,Email,Phone,Company,City'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `${first[i % 10]},${last[Math.floor(i / 10) % 10]} ${i},person${i}@example.org,+4072${String(i).padStart(7, '0')},Company ${i % 997},Cluj`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

// ---- processes and memory ------------------------------------------------

function procs() {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') out.push({ pid: Number(entry), ppid: Number(ppid), comm });
    } catch {
      // Exited while we looked.
    }
  }
  return out;
}

/** The process named like `binary` and every process below it (the WebKit processes, their sandboxes). */
function tree(binary) {
  const all = procs();
  const below = (roots) => {
    const found = [...roots];
    for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
    return found;
  };
  // Only this script's own descendants: other copies of the app may run on the machine.
  const name = path.basename(binary).slice(0, 15);
  const mine = below(all.filter((p) => p.pid === process.pid));
  return below(mine.filter((p) => p.comm === name));
}

function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function memory(binary) {
  const rows = tree(binary).map((p) => ({ process: p.comm, pid: p.pid, pssKb: pssKb(p.pid) }));
  return { processes: rows, totalKb: rows.reduce((s, r) => s + r.pssKb, 0) };
}

// ---- the first paint, from the window's pixels ----------------------------

/** How many dark pixels ("ink": text, borders) the window named `title` shows now; null if it is not mapped. */
function ink(title) {
  let buf;
  try {
    buf = execFileSync('xwd', ['-silent', '-name', title], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  } catch {
    return null;
  }
  const u32 = (i) => buf.readUInt32BE(i * 4);
  const headerSize = u32(0);
  const [width, height, bitsPerPixel, bytesPerLine, ncolors] = [u32(4), u32(5), u32(11), u32(12), u32(19)];
  if (bitsPerPixel !== 32) throw new Error(`xwd gave ${bitsPerPixel} bits per pixel; 32 expected`);
  const start = headerSize + ncolors * 12;
  let dark = 0;
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const o = start + y * bytesPerLine + x * 4;
      if (buf[o] + buf[o + 1] + buf[o + 2] < 300) dark++;
    }
  }
  return dark;
}

/**
 * Launches `binary` directly (no WebDriver) and polls its window's pixels: the first paint is the first frame
 * showing at least 90 % of the ink of the settled screen (a blinking caret does not move that).
 */
async function paintTime(binary, title, env, args) {
  const t0 = performance.now();
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
  const frames = [];
  let firstInk = null;
  while (performance.now() - t0 < 30_000) {
    const before = performance.now();
    const n = ink(title);
    const at = (before + performance.now()) / 2 - t0;
    if (n !== null) frames.push({ at, n });
    if (n && firstInk === null) firstInk = at;
    if (firstInk !== null && at - firstInk > 2500) break;
    await sleep(10);
  }
  const settled = frames.slice(-5).map((f) => f.n).sort((a, b) => a - b)[2] ?? 0;
  const painted = frames.find((f) => f.n >= 0.9 * settled && f.n > 0);
  const atUnlockScreen = memory(binary);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
  await sleep(2000);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Gone.
  }
  return { firstPaintMs: painted ? Math.round(painted.at) : null, settledInk: settled, memoryAfterPaint: atUnlockScreen };
}

// ---- the measurements ------------------------------------------------------

function freshHomeWithVault(vault) {
  const base = path.join(process.env.FOOTPRINT_OUT, `home-${process.pid}`);
  const home = { base, data: path.join(base, 'data'), config: path.join(base, 'config') };
  mkdirSync(path.join(home.config, 'steward'), { recursive: true });
  mkdirSync(path.join(home.data, 'steward'), { recursive: true });
  if (vault) {
    const copy = path.join(home.data, 'steward', 'vault');
    cpSync(vault, copy, { recursive: true });
    writeFileSync(path.join(home.config, 'steward', 'app.json'), JSON.stringify({ vaultDir: copy }));
  }
  return home;
}

async function measure(what, variant) {
  const h = await import('../tests/e2e/harness.mjs');
  const binary = h.APP;
  const idle = Number(process.env.FOOTPRINT_IDLE ?? 10) * 1000;
  const floor = what === 'floor';
  // `try:a,b`: the named settings of src-tauri/src/webview.rs; two more only the environment sets:
  // `no-jit` (JSC_useJIT=0) and `a11y` (the accessibility bus, which scripts/with-desktop turns off).
  const tried = variant?.startsWith('try:') ? variant.slice(4).split(',') : [];
  const name = floor ? `floor-${variant.replace(':', '-')}` : 'app';
  const args = floor && variant === 'tuned' ? ['--tuned'] : tried.length > 0 ? ['--try', tried.join(',')] : [];
  if (tried.includes('no-jit')) process.env.JSC_useJIT = '0';
  if (tried.includes('a11y')) {
    delete process.env.NO_AT_BRIDGE;
    delete process.env.GTK_A11Y;
  }
  const home = freshHomeWithVault(floor ? null : process.env.FOOTPRINT_VAULT);
  const env = { XDG_DATA_HOME: home.data, XDG_CONFIG_HOME: home.config };
  const title = floor ? 'Empty window' : 'Steward';
  if (variant === 'warmup') {
    // Once, unmeasured: the first window of a desktop also starts the services D-Bus activates on demand.
    await paintTime(binary, title, env, args);
    return;
  }
  console.error(`# ${name}: first paint (3 launches)`);
  // A launch whose window showed nothing within 30 s (rare, under load) is counted and launched again.
  const launches = [];
  let failed = 0;
  while (launches.length < 3 && failed < 3) {
    const launch = await paintTime(binary, title, env, args);
    if (launch.firstPaintMs === null) failed++;
    else launches.push(launch);
  }
  const times = launches.map((l) => l.firstPaintMs).sort((a, b) => a - b);
  const paint = {
    ...launches[launches.length - 1],
    firstPaintMs: times[Math.floor((times.length - 1) / 2)] ?? null,
    firstPaintRunsMs: times,
    launchesWithoutPaint: failed,
  };

  console.error(`# ${name}: WebDriver session`);
  const app = await h.launch(home, { args });
  const result = { name, binary, ...paint };
  try {
    const { driver } = app;
    if (floor) {
      await h.find(driver, 'input');
    } else {
      const password = process.env.FOOTPRINT_PASSWORD;
      await h.find(driver, 'unlock-user');
      await h.type(driver, 'unlock-password', password);
      const submit = await h.find(driver, 'unlock-submit');
      const t0 = performance.now();
      await submit.click();
      await h.waitForText(driver, 'header-user', 'ada', 60_000);
      result.unlockToFirstScreenMs = Math.round(performance.now() - t0);
      result.screens = {};
      for (const page of ['contacts', 'companies', 'deals', 'tasks', 'calendar', 'dashboard', 'contacts']) {
        const t = performance.now();
        await h.click(driver, `nav-${page}`);
        await driver.wait(
          async () => (await (await h.find(driver, `nav-${page}`)).getAttribute('aria-current')) === 'page',
          20_000,
        );
        if (page === 'contacts') await h.find(driver, 'contact-row', 60_000);
        result.screens[page] = Math.round(performance.now() - t);
        await sleep(500);
      }
    }
    await sleep(idle);
    result.memory = memory(binary);
  } finally {
    await app.quit();
  }
  writeFileSync(path.join(process.env.FOOTPRINT_OUT, `${name}.json`), JSON.stringify(result, null, 2));
}

// ---- the report ------------------------------------------------------------

function report(dir, asJson, contacts, appBinary, floorBinary, deb) {
  const read = (n) => {
    const f = path.join(dir, `${n}.json`);
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
  };
  const floor = read('floor-default');
  const tuned = read('floor-tuned');
  const app = read('app');
  const mb = (kb) => Math.round(kb / 102.4) / 10;
  const sizes = {
    appBinaryBytes: statSync(appBinary).size,
    floorBinaryBytes: statSync(floorBinary).size,
    debBytes: deb ? statSync(deb).size : null,
  };
  const targets = app && floor && {
    memoryRatio: Math.round((app.memory.totalKb / floor.memory.totalKb) * 1000) / 1000,
    memoryMet: app.memory.totalKb <= 1.15 * floor.memory.totalKb,
    belowUntunedFloor: app.memory.totalKb < floor.memory.totalKb,
    paintBehindFloorMs: app.firstPaintMs - floor.firstPaintMs,
    paintMet: app.firstPaintMs - floor.firstPaintMs <= 300,
  };
  const all = {
    contacts: Number(contacts),
    floor,
    tunedFloor: tuned,
    trials: Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.startsWith('floor-try-') && f.endsWith('.json'))
        .map((f) => [f.slice('floor-try-'.length, -'.json'.length), read(f.slice(0, -'.json'.length))]),
    ),
    app,
    sizes,
    targets,
    dir,
  };
  if (asJson === '1') {
    console.log(JSON.stringify(all, null, 2));
    return;
  }
  const lines = [`Footprint (${contacts} contacts; idle on the contacts screen)`, ''];
  const kinds = (m) => {
    const by = {};
    for (const p of m.processes) by[p.process] = (by[p.process] ?? 0) + p.pssKb;
    return by;
  };
  const trials = readdirSync(dir)
    .filter((f) => f.startsWith('floor-try-') && f.endsWith('.json'))
    .map((f) => [f.slice('floor-try-'.length, -'.json'.length), read(f.slice(0, -'.json'.length))]);
  const cols = [['empty window', floor], ['tuned empty window', tuned], ...trials, ['Steward', app]].filter(
    ([, r]) => r,
  );
  const names = [...new Set(cols.flatMap(([, r]) => Object.keys(kinds(r.memory))))];
  const pad = (s, n = 20) => String(s).padStart(Math.max(n, String(s).length + 2));
  lines.push(`${'PSS (MB)'.padEnd(24)}${cols.map(([c]) => pad(c)).join('')}`);
  for (const n of names) lines.push(`${n.padEnd(24)}${cols.map(([, r]) => pad(mb(kinds(r.memory)[n] ?? 0))).join('')}`);
  lines.push(`${'total'.padEnd(24)}${cols.map(([, r]) => pad(mb(r.memory.totalKb))).join('')}`);
  lines.push(`${'first paint (ms)'.padEnd(24)}${cols.map(([, r]) => pad(r.firstPaintMs)).join('')}`);
  if (app) {
    lines.push('', `password submitted to first screen: ${app.unlockToFirstScreenMs} ms`);
    lines.push(`screens (ms): ${Object.entries(app.screens).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  lines.push('', `binary: steward-app ${mb(sizes.appBinaryBytes / 1024)} MB, empty window ${mb(sizes.floorBinaryBytes / 1024)} MB`);
  if (sizes.debBytes) lines.push(`.deb: ${mb(sizes.debBytes / 1024)} MB`);
  if (targets) {
    lines.push(
      '',
      `Steward / empty window: ${targets.memoryRatio} (target ≤ 1.15: ${targets.memoryMet ? 'met' : 'not met'}; below the untuned floor: ${targets.belowUntunedFloor ? 'yes' : 'no'})`,
      `unlock screen painted ${targets.paintBehindFloorMs} ms after the empty window's page (target ≤ 300 ms: ${targets.paintMet ? 'met' : 'not met'})`,
    );
  }
  lines.push('', `raw figures: ${dir}`);
  console.log(lines.join('\n'));
}
