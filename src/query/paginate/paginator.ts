import { QueryError, type PaginationSpec } from '../engine-types.js';
import { nextLink } from './link-header.js';
import { resolvePageUrl, setQueryParam } from './page-url.js';

/** The facts about one page that decide the next request. */
export interface PageOutcome {
  /** Rows the page delivered; zero ends every kind of paging. */
  rows: number;
  /** The value at the profile's next path on the page (next-url and cursor paging). */
  next?: string | undefined;
  /** The page response's `Link` header (link-header paging). */
  link?: string | string[] | undefined;
}

/**
 * Builds the URL of each page from the first URL and what the previous page revealed.
 * Paging stops on an empty page, a missing next reference or one that repeats the previous
 * one. A short page does not stop it: servers may cap the page size below the one asked
 * for, so only an empty page proves the end.
 */
export class Paginator {
  private pages = 1;
  private lastReference: string | undefined;
  private counter: number;

  constructor(
    private readonly spec: PaginationSpec | undefined,
    private readonly maxPages: number,
  ) {
    this.counter = spec?.kind === 'offset' || spec?.kind === 'page-number' ? spec.start : 0;
  }

  /** Returns the first page's URL: `url` itself, with the offset or page parameters set. */
  first(url: string): string {
    return this.withCounter(url);
  }

  /** Returns the next page's URL, or undefined when `outcome` ends the paging. */
  next(current: string, outcome: PageOutcome): string | undefined {
    const spec = this.spec;
    if (spec === undefined || outcome.rows === 0) return undefined;
    let url: string | undefined;
    switch (spec.kind) {
      case 'next-url':
        url = this.followReference(outcome.next, (reference) => resolvePageUrl(current, reference));
        break;
      case 'link-header':
        url = this.followReference(nextLink(outcome.link), (reference) => resolvePageUrl(current, reference));
        break;
      case 'cursor':
        url = this.followReference(outcome.next, (reference) => setQueryParam(current, spec.param, reference));
        break;
      case 'offset':
        this.counter += spec.pageSize;
        url = this.withCounter(current);
        break;
      case 'page-number':
        this.counter += 1;
        url = this.withCounter(current);
        break;
    }
    if (url === undefined) return undefined;
    if (this.pages >= this.maxPages) {
      throw new QueryError(
        `the document has more than ${this.maxPages} pages, the profile's page limit; raise the limit or narrow the request.`,
      );
    }
    this.pages += 1;
    return url;
  }

  private followReference(reference: string | undefined, build: (reference: string) => string): string | undefined {
    if (reference === undefined || reference === '' || reference === this.lastReference) return undefined;
    this.lastReference = reference;
    return build(reference);
  }

  private withCounter(url: string): string {
    const spec = this.spec;
    if (spec?.kind !== 'offset' && spec?.kind !== 'page-number') return url;
    let result = setQueryParam(url, spec.param, String(this.counter));
    if (spec.sizeParam !== undefined && spec.pageSize !== undefined) {
      result = setQueryParam(result, spec.sizeParam, String(spec.pageSize));
    }
    return result;
  }
}
