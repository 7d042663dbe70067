// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-nocheck -- a Node script; the UI's tsconfig (which reaches it through vite.config.ts) has no Node types.
// Where Paraglide finds the message catalogues (project.inlang names ui/messages/<language>.json) and where it
// writes the typed message functions (src/paraglide, generated and not committed). The language is kept by
// src/lib/i18n.svelte.ts, so the runtime needs no cookie or URL strategy.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** @type {{ project: string, outdir: string, strategy: ['globalVariable', 'baseLocale'] }} */
export const paraglideOptions = {
  project: './project.inlang',
  outdir: './src/paraglide',
  strategy: ['globalVariable', 'baseLocale'],
};

/**
 * Compiles the catalogues once, through Paraglide's command line (its in-process compiler keeps Node busy
 * for half a minute after it is done): `npm run i18n` (before check and lint) and the tests' global setup.
 */
export function compileMessages() {
  const cli = fileURLToPath(new URL('./node_modules/@inlang/paraglide-js/bin/run.js', import.meta.url));
  const { project, outdir, strategy } = paraglideOptions;
  execFileSync(
    process.execPath,
    [cli, 'compile', '--project', project, '--outdir', outdir, '--strategy', ...strategy, '--silent'],
    { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: 'inherit' },
  );
}

export default compileMessages;
