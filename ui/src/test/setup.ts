// Loaded before every test file (see vite.config.ts).
import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { configure } from '@testing-library/svelte';
import { afterEach } from 'vitest';

// The screens rarely opened are loaded with import() when first shown; here that first import compiles the
// screen (the first import of Main compiles most of the app), which on a loaded two-core machine took 5.4 s
// against the default second of findBy… and waitFor; they still end well inside the 20 s a test may take.
configure({ asyncUtilTimeout: 15_000 });

// jsdom has no canvas: its getContext only reports "not implemented". Answering null, as a browser does
// when it cannot draw, lets the dashboard's chart step aside quietly.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

afterEach(() => {
  // The jsdom window is shared within a file, so a mocked backend must not leak into the next test.
  clearMocks();
});

// Every test starts in English (the language of the assertions) whatever the previous one switched to.
import { resetLanguage } from '../lib/i18n.svelte';
afterEach(() => {
  resetLanguage();
});
