import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './i18n.config.js';

// Tauri loads the dev server from the fixed devUrl http://localhost:1420, so the port must never
// silently move to another one.
export default defineConfig(({ mode }) => ({
  plugins: [
    // The dev server compiles ui/messages/*.json into typed message functions under src/paraglide and
    // recompiles them on change. Everything else compiles them once beforehand, through i18n.config.js:
    // `npm run i18n` before build, check and lint, and the tests' global setup (the plugin keeps a one-off
    // build or a test run from exiting for half a minute).
    ...(mode === 'test' ? [] : [{ ...paraglideVitePlugin(paraglideOptions), apply: 'serve' as const }]),
    svelte(),
    svelteTesting(),
  ],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The app runs under the CSP `default-src 'self'`, which refuses `data:` URLs, so every asset
    // must stay a file of its own.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    globalSetup: ['i18n.config.js'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // The screens' tests render whole components in jsdom and wait for them; on a loaded two-core
    // machine one took 5.4 s against vitest's default of 5 s. They assert what is shown, never how fast.
    testTimeout: 20_000,
  },
}));
