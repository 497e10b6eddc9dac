/**
 * Returns the target of the `rel="next"` link in an HTTP `Link` header (RFC 8288), as
 * written between the angle brackets, or undefined when there is none.
 */
export function nextLink(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(', ') : header;
  const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of text.matchAll(linkPattern)) {
    for (const param of match[2]!.split(';')) {
      const [name, value] = param.split('=').map((part) => part.trim());
      if (name?.toLowerCase() !== 'rel' || value === undefined) continue;
      const relations = value.replace(/^"|"$/g, '').toLowerCase().split(/\s+/);
      if (relations.includes('next')) return match[1];
    }
  }
  return undefined;
}
