/**
 * Compares two strings by UTF-16 code units, the order of JavaScript's default sort. For
 * the ASCII text of encoded names and values this is also byte order, as SigV4 requires.
 */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
