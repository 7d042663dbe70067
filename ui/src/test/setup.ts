// Loaded before every test file (see vite.config.ts).
import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';

afterEach(() => {
  // The jsdom window is shared within a file, so a mocked backend must not leak into the next test.
  clearMocks();
});
