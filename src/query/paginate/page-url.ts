/**
 * Sets one query parameter of `url`, replacing its first occurrence or appending it, and
 * leaves every other byte of the URL as written.
 */
export function setQueryParam(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const base = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  const query = question === -1 ? '' : withoutFragment.slice(question + 1);
  const encodedName = encodeURIComponent(name);
  const pair = `${encodedName}=${encodeURIComponent(value)}`;
  const parts = query === '' ? [] : query.split('&');
  const index = parts.findIndex((part) => part.split('=')[0] === encodedName);
  if (index === -1) parts.push(pair);
  else parts[index] = pair;
  return `${base}?${parts.join('&')}`;
}

/**
 * Resolves a next-page reference against the URL of the page that gave it. An absolute
 * URL, a path from the root and a query of its own are joined as text, so their bytes stay
 * as the server wrote them. Only a relative path goes through URL resolution.
 */
export function resolvePageUrl(base: string, reference: string): string {
  if (/^https?:\/\//i.test(reference)) return reference;
  const origin = /^https?:\/\/[^/?#]*/i.exec(base)?.[0] ?? '';
  if (reference.startsWith('//')) return `${base.slice(0, base.indexOf(':') + 1)}${reference}`;
  if (reference.startsWith('/')) return `${origin}${reference}`;
  const path = base.replace(/[?#].*$/s, '');
  if (reference.startsWith('?')) return `${path}${reference}`;
  return new URL(reference, base).href;
}
