// The company's rules for customer data (the shell's `rules` domain): where the signed-in user stands, their
// acknowledgement, and for owners the template, publishing and who acknowledged which version.
// Re-exported by `./index`, the one entry point screens use.

import { call } from './call';
import type { RulesState, RulesVersion, UserRulesStatus } from './types';

export type { RulesState, RulesVersion, UserRulesStatus } from './types';
export { onRulesRefused } from './call';

/** The current rules and whether the user must acknowledge them (asked after each unlock). */
export function rulesState(): Promise<RulesState> {
  return call('rules_state');
}

/** Acknowledges the version the user was shown; refused when another version was published meanwhile. */
export function acknowledgeRules(version: number): Promise<RulesState> {
  return call('acknowledge_rules', { version });
}

/** The built-in rules in the vault's language, naming whom to tell about an incident, for an owner to edit. */
export function rulesTemplate(): Promise<string> {
  return call('rules_template');
}

/** Publishes `text` as a new version (owners); the same text as the current version publishes nothing. */
export function setRules(text: string): Promise<RulesVersion> {
  return call('set_rules', { text });
}

/** Every active user's last acknowledgement and whether they must acknowledge (owners). */
export function rulesStatus(): Promise<UserRulesStatus[]> {
  return call('rules_status');
}
