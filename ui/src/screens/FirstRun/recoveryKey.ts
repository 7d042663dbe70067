// Pure helpers for showing and confirming the recovery key, kept apart from the components so the
// rules can be tested on their own.

/** The key's groups, in order, exactly as the backend formatted them (dash-separated). */
export function recoveryKeyGroups(key: string): string[] {
  return key.split('-').filter((group) => group !== '');
}

/**
 * Picks two different 1-based group numbers out of `count`, in ascending order. `randomIndex(n)` must
 * return an integer in [0, n); it is a parameter so tests can fix the choice.
 */
export function pickTwoGroups(count: number, randomIndex: (n: number) => number = secureRandomIndex): [number, number] {
  if (count < 2) return [1, 1];
  const first = randomIndex(count);
  // Draw the second from the remaining count - 1 numbers so the two are always different.
  let second = randomIndex(count - 1);
  if (second >= first) second += 1;
  const [a, b] = [first + 1, second + 1].sort((x, y) => x - y) as [number, number];
  return [a, b];
}

function secureRandomIndex(n: number): number {
  // The modulo bias over 2^32 is irrelevant for n = 14; this only has to be unpredictable enough
  // that the user cannot pass by guessing which groups will be asked.
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return (value ?? 0) % n;
}

/**
 * A group in the form the core compares keys in: no spaces, upper case, and the look-alikes that
 * Crockford's alphabet leaves out read as the digits they resemble (O→0, I and L→1).
 */
export function normalizeGroup(group: string): string {
  return group
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * Whether the typed text is the expected group, ignoring letter case, spaces and the look-alikes the core
 * accepts when the key is used, so a group that will unlock the vault is never refused here.
 */
export function groupMatches(expected: string, typed: string): boolean {
  const want = normalizeGroup(expected);
  return want !== '' && want === normalizeGroup(typed);
}
