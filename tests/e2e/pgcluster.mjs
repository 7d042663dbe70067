// A throwaway PostgreSQL cluster for an end-to-end spec, as the Rust harness
// (crates/sync-pg/src/test_cluster.rs) makes one: Debian's server binaries,
// a data directory and a Unix socket under a temporary directory, trust
// authentication, no TCP. As root (CI), the directory goes to the postgres
// system user, which runs initdb and pg_ctl through runuser.

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function serverBin() {
  if (process.env.STEWARD_PG_BIN) return process.env.STEWARD_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
        .map(Number)
        .sort((a, b) => a - b)
    : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server in /usr/lib/postgresql/*/bin');
  return path.join(root, String(versions.at(-1)), 'bin');
}

/** Starts a cluster; returns its address (without a password: there is none) and stop/remove functions. */
export function startCluster() {
  const bin = serverBin();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(root ? '/tmp' : os.tmpdir(), 'steward-e2e-pg-'));
  const ids = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  if (root) chownSync(dir, ids('-u'), ids('-g'));
  const run = (program, args) =>
    execFileSync(root ? 'runuser' : program, root ? ['-u', 'postgres', '--', program, ...args] : args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'socket');
  run('mkdir', [socket]);
  run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = `-k ${socket} -p 5432 -c listen_addresses='' -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  pgCtl('-l', path.join(dir, 'server.log'), '-w', '-t', '30', '-o', options, 'start');
  let running = true;
  return {
    url: `host=${socket} port=5432 user=postgres dbname=postgres`,
    /** Stops the server at once, as a server that went away. */
    stop() {
      if (!running) return;
      running = false;
      pgCtl('-m', 'immediate', '-w', 'stop');
    },
    /** Stops it if it runs and removes its files. */
    remove() {
      try {
        this.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
