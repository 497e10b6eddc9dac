/**
 * Wildcard matching as the policy language defines it for Action, Resource, StringLike and
 * ArnLike: `*` matches any run of characters, `/` and the empty run included, and `?` matches
 * exactly one character. Nothing else is special, and there is no escape: a literal `*` or
 * `?` comes from the `${*}` and `${?}` policy variables, which produce literal tokens here.
 */

export const anyRun = Symbol('*');
export const anyOne = Symbol('?');

/** One token of a pattern: a single character (a code point), or a wildcard. */
export type WildcardToken = string | typeof anyRun | typeof anyOne;

/** Tokens of text in which `*` and `?` are wildcards. */
export function wildcardTokens(text: string): WildcardToken[] {
  return Array.from(text, (c) => (c === '*' ? anyRun : c === '?' ? anyOne : c));
}

/** Tokens of text matched character for character. */
export function literalTokens(text: string): WildcardToken[] {
  return Array.from(text);
}

/**
 * Matches a whole subject against a pattern. Backtracks to the most recent `*` only, which
 * is enough for glob patterns and keeps the cost at O(pattern × subject) in the worst case.
 */
export function matchTokens(pattern: readonly WildcardToken[], subject: string, ignoreCase = false): boolean {
  const text = Array.from(ignoreCase ? subject.toLowerCase() : subject);
  const tokens = ignoreCase ? pattern.map((t) => (typeof t === 'string' ? t.toLowerCase() : t)) : pattern;
  let p = 0;
  let s = 0;
  let starAt = -1;
  let starSubject = 0;
  while (s < text.length) {
    const token = tokens[p];
    if (p < tokens.length && (token === anyOne || token === text[s])) {
      p++;
      s++;
    } else if (p < tokens.length && token === anyRun) {
      starAt = p;
      starSubject = s;
      p++;
    } else if (starAt !== -1) {
      p = starAt + 1;
      starSubject++;
      s = starSubject;
    } else {
      return false;
    }
  }
  while (p < tokens.length && tokens[p] === anyRun) p++;
  return p === tokens.length;
}

/** Matches a subject against pattern text in which `*` and `?` are wildcards. */
export function matchWildcard(pattern: string, subject: string, ignoreCase = false): boolean {
  return matchTokens(wildcardTokens(pattern), subject, ignoreCase);
}

/**
 * Tells whether some string that starts with `prefix` matches the pattern, by running the
 * pattern as a nondeterministic automaton over the prefix. With `longer`, the string must
 * have at least one character after the prefix. Bucket policy validation uses it to ask
 * whether a Resource pattern can name an object of the bucket.
 */
export function canMatchWithPrefix(pattern: readonly WildcardToken[], prefix: string, longer = false): boolean {
  let states = closure(pattern, new Set([0]));
  for (const c of Array.from(prefix)) {
    const next = new Set<number>();
    for (const p of states) {
      const token = pattern[p];
      if (token === anyRun) next.add(p);
      else if (token === anyOne || token === c) next.add(p + 1);
    }
    states = closure(pattern, next);
    if (states.size === 0) return false;
  }
  // A state before the end of the pattern can still consume at least one more character.
  return longer ? [...states].some((p) => p < pattern.length) : states.size > 0;
}

function closure(pattern: readonly WildcardToken[], states: Set<number>): Set<number> {
  const result = new Set<number>();
  for (let p of states) {
    result.add(p);
    while (pattern[p] === anyRun) {
      p++;
      result.add(p);
    }
  }
  return result;
}
