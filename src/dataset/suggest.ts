/**
 * "Did you mean ...?" for an unknown id (a municipality code, a project id, a funding source): the
 * one known id closest to it, ignoring case, when it is close enough to be a typo. Column names and
 * YAML keys have their own suggestion (suggestColumn in schemas.ts), which compares snake_case names.
 */
import { distance } from 'fastest-levenshtein';

/** Above this many known ids no suggestion is looked for: each would cost a comparison with every one. */
const MAX_IDS_COMPARED = 20_000;

/** Lower-case text with the letters that look like digits (l, i, o) written as those digits. */
function lookAlike(lower: string): string {
  return lower.replace(/[li]/g, '1').replace(/o/g, '0');
}

/** ` (did you mean WC011?)` when one known id is within a typo of `unknown` (case aside), else ''. */
export function suggestId(unknown: string, known: Iterable<string> | null): string {
  if (known === null || unknown === '') return '';
  const lower = unknown.toLowerCase();
  const sortedLetters = [...lower].sort().join('');
  const lookAlikeUnknown = lookAlike(lower);
  let best: string | null = null;
  let bestDistance = Infinity;
  let tied = false;
  let compared = 0;
  for (const candidate of known) {
    compared += 1;
    if (compared > MAX_IDS_COMPARED) return '';
    const candidateLower = candidate.toLowerCase();
    let gap = distance(lower, candidateLower);
    // Two letters swapped (RBGI for RBIG) is one slip, not two.
    if (gap === 2 && candidateLower.length === lower.length && [...candidateLower].sort().join('') === sortedLetters) gap = 1;
    // A letter typed for the digit it looks like (WC01l, WC0O1) is closer than any other slip.
    if (gap > 0 && lookAlike(candidateLower) === lookAlikeUnknown) gap = 0.5;
    if (gap < bestDistance) {
      best = candidate;
      bestDistance = gap;
      tied = false;
    } else if (gap === bestDistance && candidate !== best) {
      tied = true;
    }
  }
  // One slip in a short code (WC01l for WC011), a quarter of the letters in a long id; and only
  // when one id is the closest, since a guess between two would mislead as often as help.
  return best !== null && !tied && bestDistance <= Math.max(1, Math.floor(best.length / 4)) ? ` (did you mean ${best}?)` : '';
}
