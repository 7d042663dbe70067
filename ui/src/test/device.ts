// "Remember me on this computer" fixtures for component tests, shaped as the commands answer.
import type { SessionInfo } from '../lib/api';
import { ada } from './backend';

/** What `unlock_with_device` rejects with when the keychain entry is gone or changed (crates/core/src/error.rs). */
export const DEVICE_GONE = 'This computer no longer remembers ada; sign in with the password.';

/** What `unlock_vault` puts in the session when remembering the computer failed after the unlock. */
export const REMEMBER_FAILED = 'This computer could not be remembered: the system keychain is locked.';

/** `session` as it is once this computer remembers its user. */
export function rememberedHere(session: SessionInfo = ada): SessionInfo {
  return { ...session, rememberedHere: true };
}

/** `session` in a vault whose policy does not allow remembering computers (device slots). */
export function slotsForbidden(session: SessionInfo = ada): SessionInfo {
  return { ...session, deviceSlotsAllowed: false };
}
