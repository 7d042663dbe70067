// Access reviews (the shell's `review` domain): start one, decide per user, close it, export its report.
// Re-exported by `./index`, the one entry point screens use.

import { call } from './call';
import type { AccessReview, ReviewDecision, ReviewStatus, ReviewSummary, ReviewedUser } from './types';

export type { AccessReview, ReviewDecision, ReviewStatus, ReviewSummary, ReviewedUser } from './types';

/** Starts a review (owners and admins; one open at a time): what it finds for every user is stored now. */
export function startReview(): Promise<AccessReview> {
  return call('start_review');
}

/** The open review, or null when none is. */
export function openReview(): Promise<AccessReview | null> {
  return call('open_review');
}

export function getReview(id: number): Promise<AccessReview> {
  return call('get_review', { id });
}

/** Every review, newest first. */
export function listReviews(): Promise<ReviewSummary[]> {
  return call('list_reviews');
}

/** When the next review is due, and whether that is past. */
export function reviewStatus(): Promise<ReviewStatus> {
  return call('review_status');
}

/** Records the decision for one user of the open review; nothing changes until it is closed. */
export function decideReview(user: string, decision: ReviewDecision): Promise<ReviewedUser> {
  return call('decide_review', { user, decision });
}

/** Closes the open review and applies every decision at once (or none, when one is refused). */
export function closeReview(): Promise<AccessReview> {
  return call('close_review');
}

/** Writes a review's report to `path` as CSV in the vault's language. */
export async function exportReviewCsv(id: number, path: string): Promise<void> {
  await call<null>('export_review_csv', { id, path });
}
