// What the unlock screen says when the backend locked the vault on its own
// (the `vault-locked` event), in the user's language: the event's reason
// and idle time, not its English sentence.
import type { VaultLocked } from './api';
import { m } from './i18n.svelte';

export function lockedNotice(event: VaultLocked): string {
  switch (event.reason) {
    case 'idle': {
      const seconds = event.idleSeconds;
      if (seconds == null) return m.app_locked_idle();
      if (seconds >= 60 && seconds % 60 === 0) return m.app_locked_idle_minutes({ count: seconds / 60 });
      return m.app_locked_idle_seconds({ count: seconds });
    }
    case 'desktop':
      return m.app_locked_desktop();
    case 'damaged':
      return m.error_integrity();
    case 'menu':
      return m.app_vault_locked_notice();
  }
}
