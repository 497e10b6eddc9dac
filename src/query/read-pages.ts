import type { CompiledProfile, DocumentFormat, PageResult } from './engine-types.js';
import { formatFromContentType, sniffFormat } from './fetch/detect-format.js';
import { fetchDocument, type LimitNames } from './fetch/http-get.js';
import { Paginator } from './paginate/paginator.js';

export interface ReadLimits {
  timeoutMs: number;
  /** Bytes all pages together may hold. */
  maxBytes: number;
  /** Names of the two limits in error messages; default the CLI flags. */
  limitNames?: LimitNames | undefined;
}

export interface ReadTotals {
  pages: number;
  bytes: number;
  /** Per `table.column`, the values `--lenient` turned into NULL. */
  nullified: Record<string, number>;
}

/** Reads one page's body into rows. `page.rowIdStart` is 1 plus the rows of the earlier pages. */
export type PageExtractor = (
  format: DocumentFormat,
  body: AsyncIterable<Uint8Array>,
  page: { index: number; rowIdStart: number },
) => Promise<PageResult>;

/**
 * Fetches the document at `uri` page by page, one GET per page, and streams each body into
 * `extract`. The format comes from the profile, else the Content-Type, else the first byte
 * of each page.
 */
export async function readPages(
  profile: CompiledProfile,
  uri: string,
  extract: PageExtractor,
  limits: ReadLimits,
  onBytes: (count: number) => void,
): Promise<ReadTotals> {
  const paginator = new Paginator(profile.pagination, profile.maxPages);
  const totals: ReadTotals = { pages: 0, bytes: 0, nullified: {} };
  let rows = 0;
  let url: string | undefined = paginator.first(uri);
  while (url !== undefined) {
    const document = await fetchDocument(url, {
      timeoutMs: limits.timeoutMs,
      maxBytes: limits.maxBytes,
      earlierBytes: totals.bytes,
      limitNames: limits.limitNames,
      onBytes: (count) => {
        totals.bytes += count;
        onBytes(count);
      },
    });
    let result;
    try {
      const header = document.headers['content-type'];
      let format: DocumentFormat | undefined = profile.format ?? formatFromContentType(header);
      let body = document.body;
      if (format === undefined) ({ format, body } = await sniffFormat(body));
      result = await extract(format, body, { index: totals.pages, rowIdStart: rows + 1 });
    } finally {
      document.close();
    }
    totals.pages += 1;
    rows += result.rows;
    for (const [column, count] of Object.entries(result.nullified)) {
      totals.nullified[column] = (totals.nullified[column] ?? 0) + count;
    }
    url = paginator.next(url, { rows: result.rows, next: result.next, link: document.headers.link });
  }
  return totals;
}
