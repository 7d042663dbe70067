// What the Breaches screen and the countdown banner compute: the time left, the categories, blank facts.

import type { BreachFacts } from '../../lib/api';

/** The categories of data an incident may concern (core's `breach::DATA_CATEGORIES`). */
export const DATA_CATEGORIES = [
  'names',
  'emails',
  'phones',
  'addresses',
  'company-title',
  'notes',
  'custom-fields',
  'activities-deals',
  'attachments',
  'sensitive',
  'credentials',
] as const;

/** The categories of people (core's `breach::SUBJECT_CATEGORIES`). */
export const SUBJECT_CATEGORIES = ['customers', 'prospects', 'contact-persons', 'staff'] as const;

/** The alert rules that offer "Open an incident" (core's `breach::INCIDENT_RULES`). */
export const INCIDENT_RULES = [
  'failed-unlocks',
  'record-scraping',
  'bulk-export',
  'restore',
  'mass-deletion',
  'audit-broken',
];

/** Whether an alert of `rule` may open an incident. */
export function opensIncident(rule: string): boolean {
  return INCIDENT_RULES.includes(rule);
}

/** Hours and minutes of `minutesLeft`, never negative, and whether the deadline has passed. */
export function timeLeft(minutesLeft: number): { hours: number; minutes: number; overdue: boolean } {
  const overdue = minutesLeft < 0;
  const abs = Math.abs(minutesLeft);
  return { hours: Math.floor(abs / 60), minutes: abs % 60, overdue };
}

/** Minutes from `now` to the RFC 3339 `deadline` (negative once past). */
export function minutesUntil(deadline: string, now: Date): number {
  return Math.floor((Date.parse(deadline) - now.getTime()) / 60000);
}

/** The facts of a new incident, discovered `now`. */
export function blankFacts(now: Date): BreachFacts {
  return {
    discoveredAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    occurredAt: null,
    summary: '',
    dataCategories: [],
    dataOther: '',
    subjectCategories: [],
    subjectsOther: '',
    peopleApprox: null,
    recordsApprox: null,
    consequences: '',
    measuresTaken: '',
    measuresProposed: '',
    crossBorder: false,
    delayReason: '',
  };
}

/** Contact ids typed as a list (`12, 34 56`); anything else is left out. */
export function parseIds(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => Number(t))
    .filter((n) => Number.isInteger(n) && n > 0);
}
