import { extractPage } from './document.js';
import type { CompiledProfile, DocumentFormat, ExtractOptions, RowSink } from './engine-types.js';
import { formatFromContentType, sniffFormat } from './fetch/detect-format.js';
import { fetchDocument } from './fetch/http-get.js';
import { Paginator } from './paginate/paginator.js';

export interface ReadLimits {
  timeoutMs: number;
  /** Bytes all pages together may hold. */
  maxBytes: number;
}

export interface ReadTotals {
  pages: number;
  bytes: number;
  /** Per `table.column`, the values `--lenient` turned into NULL. */
  nullified: Record<string, number>;
}

export interface ReadHooks {
  onBytes(count: number): void;
  /** Called before each body chunk is parsed; reading waits until a returned promise settles. */
  pace?(): Promise<void> | undefined;
}

/**
 * Fetches the document at `uri` page by page, one GET per page, and streams each body into
 * the document side, which hands rows to `sink`. The format comes from the profile, else
 * the Content-Type, else the first byte of each page.
 */
export async function readPages(
  profile: CompiledProfile,
  uri: string,
  sink: RowSink,
  options: ExtractOptions,
  limits: ReadLimits,
  hooks: ReadHooks,
): Promise<ReadTotals> {
  const paginator = new Paginator(profile.pagination, profile.maxPages);
  const totals: ReadTotals = { pages: 0, bytes: 0, nullified: {} };
  let rows = 0;
  const countingSink: RowSink = (table, values) => {
    rows += 1;
    sink(table, values);
  };
  let url: string | undefined = paginator.first(uri);
  while (url !== undefined) {
    const document = await fetchDocument(url, {
      timeoutMs: limits.timeoutMs,
      maxBytes: limits.maxBytes - totals.bytes,
      onBytes: (count) => {
        totals.bytes += count;
        hooks.onBytes(count);
      },
    });
    let result;
    try {
      const header = document.headers['content-type'];
      let format: DocumentFormat | undefined = profile.format ?? formatFromContentType(header);
      let body = hooks.pace === undefined ? document.body : paced(document.body, hooks.pace);
      if (format === undefined) ({ format, body } = await sniffFormat(body));
      result = await extractPage(profile, format, body, countingSink, options, {
        index: totals.pages,
        rowIdStart: rows + 1,
      });
    } finally {
      document.close();
    }
    totals.pages += 1;
    for (const [column, count] of Object.entries(result.nullified)) {
      totals.nullified[column] = (totals.nullified[column] ?? 0) + count;
    }
    url = paginator.next(url, { rows: result.rows, next: result.next, link: document.headers.link });
  }
  return totals;
}

async function* paced(body: AsyncIterable<Uint8Array>, pace: () => Promise<void> | undefined): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    const wait = pace();
    if (wait !== undefined) await wait;
    yield chunk;
  }
}
