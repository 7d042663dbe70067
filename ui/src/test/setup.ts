// Loaded before every test file (see vite.config.ts).
import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { configure } from '@testing-library/svelte';
import { afterEach } from 'vitest';

// The screens rarely opened are loaded with import() when first shown; here that first import compiles the
// screen, which on a loaded two-core machine takes over the default second of findBy… and waitFor.
configure({ asyncUtilTimeout: 5000 });

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
