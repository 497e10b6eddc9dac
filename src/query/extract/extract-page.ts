import type { CompiledProfile, DocumentFormat, ExtractOptions, PageResult, RowSink } from '../engine-types.js';
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
  if (format === 'xml') {
    // Loaded on first use, so that JSON work does not pay for loading the XML parser.
    const { extractXmlPage } = await import('./xml-extract.js');
    return extractXmlPage(plan, profile, body, sink, options, page, nextPath);
  }
  return extractJsonPage(plan, profile, format === 'ndjson', body, sink, options, page, nextPath);
}
