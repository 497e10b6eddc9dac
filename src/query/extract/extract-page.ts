import { QueryError, type CompiledProfile, type DocumentFormat, type ExtractOptions, type PageResult, type RowSink } from '../engine-types.js';
import { parsePath } from '../path/parse-path.js';
import type { Path } from '../path/steps.js';
import { planOf } from '../profile/plan-store.js';
import { extractJsonPage } from './json-extract.js';

/**
 * Streams one page of a document through the profile and hands every row to `sink`.
 * Memory keeps one record at a time, whatever the document's size.
 */
export async function extractPage(
  profile: CompiledProfile,
  format: DocumentFormat,
  body: AsyncIterable<Uint8Array>,
  sink: RowSink,
  options: ExtractOptions,
  page: { index: number; rowIdStart: number },
): Promise<PageResult> {
  const plan = planOf(profile);
  const pagination = profile.pagination;
  const nextPath: Path | undefined =
    pagination !== undefined && 'nextPath' in pagination ? parsePath(pagination.nextPath, 'jsonpath') : undefined;
  try {
    if (format === 'xml') {
      // Loaded on first use, so that JSON work does not pay for loading the XML parser.
      const { extractXmlPage } = await import('./xml-extract.js');
      return await extractXmlPage(plan, profile, body, sink, options, page, nextPath);
    }
    return await extractJsonPage(plan, profile, format === 'ndjson', body, sink, options, page, nextPath);
  } catch (error) {
    throw page.index > 0 ? onPage(error, page.index + 1) : error;
  }
}

/**
 * Names the page in an error of a later page's document, whose byte offsets count from
 * that page's start. Row errors name their page already.
 */
function onPage(error: unknown, number: number): unknown {
  if (!(error instanceof QueryError) || error.message.includes(` on page ${number}`)) return error;
  return new QueryError(`page ${number}: ${error.message}`);
}
