// The window's side of the idle lock: the backend keeps the clock and locks; the window only says, now and
// then, that someone is using it.
import type { VaultLocked } from './api';
import { language, m } from './i18n.svelte';

/** Ctrl+L, or ⌘L on macOS: lock the vault. */
export function isLockShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l';
}

/** The longest gap between two reports: often enough for any idle time of a minute or more. */
export const MAX_REPORT_GAP_MS = 5_000;

/**
 * How often input is reported for an idle time of `autoLockSeconds`: every five seconds, or four times per
 * idle period when that is shorter, so input always reaches the backend well before the lock.
 */
export function reportGapMs(autoLockSeconds: number): number {
  return Math.max(250, Math.min(MAX_REPORT_GAP_MS, (autoLockSeconds * 1000) / 4));
}

/**
 * Returns a function to call on every input event; it calls `report` at most once per gap (see
 * `reportGapMs`), on the first input after the gap, so a burst of mouse moves makes one call.
 */
export function activityReporter(report: () => void, now: () => number = Date.now): (autoLockSeconds: number) => void {
  let last = -Infinity;
  return (autoLockSeconds) => {
    const t = now();
    if (t - last < reportGapMs(autoLockSeconds)) return;
    last = t;
    report();
  };
}

/**
 * What the unlock screen says when the backend locked the vault on its own, in the interface language. The
 * backend's sentence names the idle time in English; another language says the reason without it.
 */
export function lockNotice(event: Pick<VaultLocked, 'reason' | 'message'>): string {
  if (language() === 'en' && event.message.trim() !== '') return event.message;
  switch (event.reason) {
    case 'idle':
      return m.app_vault_locked_idle_notice();
    case 'desktop':
      return m.app_vault_locked_desktop_notice();
    default:
      return m.app_vault_locked_notice();
  }
}
