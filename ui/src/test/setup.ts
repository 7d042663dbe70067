// Loaded before every test file (see vite.config.ts).
import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';

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
