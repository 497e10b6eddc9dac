import type { CompiledProfile, ExtractOptions, PageResult, RowSink } from '../engine-types.js';
import type { Path } from '../path/steps.js';
import { capturePathsOf, JsonLocator } from './json-locator.js';
import { JsonScanner } from './json-scanner.js';
import { JsonPageReader } from './json-values.js';
import type { ExtractionPlan } from './plan.js';

/**
 * Reads a JSON or NDJSON page and emits its rows: the scanner finds the records and
 * document values that the locator selects, and the page reader parses them into rows.
 */
export async function extractJsonPage(
  plan: ExtractionPlan,
  profile: CompiledProfile,
  ndjson: boolean,
  body: AsyncIterable<Uint8Array>,
  sink: RowSink,
  options: ExtractOptions,
  page: { index: number; rowIdStart: number },
  nextPath: Path | undefined,
): Promise<PageResult> {
  const reader = new JsonPageReader(plan, profile, ndjson, sink, options, page, nextPath);
  const locator = new JsonLocator(plan.recordPaths, capturePathsOf(plan, nextPath), ndjson, reader);
  const scanner = new JsonScanner(locator, ndjson, options);
  for await (const chunk of body) scanner.write(chunk);
  scanner.end();
  return reader.result();
}
