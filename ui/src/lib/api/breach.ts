// The breach register (the shell's `breach` domain): incidents, the 72-hour countdown, the "who touched
// what" report, the drafts and the decision. Re-exported by `./index`, the one entry point screens use.

import { call } from './call';
import type {
  Breach,
  BreachCountdown,
  BreachDecision,
  BreachDrafts,
  BreachFacts,
  BreachReport,
  BreachReportQuery,
} from './types';

export type {
  Breach,
  BreachCountdown,
  BreachDecision,
  BreachDrafts,
  BreachFacts,
  BreachReport,
  BreachReportQuery,
} from './types';

/** The register, newest first (owners and admins). */
export function listBreaches(): Promise<Breach[]> {
  return call('list_breaches');
}

/** The facts an incident opened from a critical alert starts with. */
export function breachFactsFromAlert(alertId: number): Promise<BreachFacts> {
  return call('breach_facts_from_alert', { alertId });
}

/** Records an incident, naming the alert it was opened from, if any. */
export function openBreach(facts: BreachFacts, fromAlert: number | null): Promise<Breach> {
  return call('open_breach', { facts, fromAlert });
}

/** Replaces an incident's facts. */
export function updateBreach(id: number, facts: BreachFacts): Promise<Breach> {
  return call('update_breach', { id, facts });
}

/** Records (or corrects) the decision to notify the authority and the people concerned. */
export function decideBreach(id: number, decision: BreachDecision): Promise<Breach> {
  return call('decide_breach', { id, decision });
}

/** Who touched what in a window, from the audit log. */
export function breachReport(id: number, query: BreachReportQuery): Promise<BreachReport> {
  return call('breach_report', { id, query });
}

/** The drafts to the authority and to the people, in the vault's language. */
export function breachDrafts(id: number): Promise<BreachDrafts> {
  return call('breach_drafts', { id });
}

/** The nearest deadline of an undecided incident; null when none waits or the role does not handle them. */
export function breachCountdown(): Promise<BreachCountdown | null> {
  return call('breach_countdown');
}

/** Writes the incident's file (Markdown) to the new file `path`. */
export function exportBreach(id: number, path: string): Promise<number> {
  return call('export_breach', { id, path });
}
