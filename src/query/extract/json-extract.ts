import type { CompiledProfile, ExtractOptions, PageResult, RowSink } from '../engine-types.js';
import type { Path } from '../path/steps.js';
import { capturePathsOf, JsonLocator, type JsonValueReceiver } from './json-locator.js';
import { JsonScanner, type ScanLimits } from './json-scanner.js';
import { JsonPageReader } from './json-values.js';
import type { ExtractionPlan } from './plan.js';

/** Reads a JSON or NDJSON page and emits its rows. */
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
  await scanJsonPage(plan, ndjson, body, reader, options, nextPath);
  return reader.result();
}

/** Scans a JSON or NDJSON page and hands the records and captured values it selects to `receiver`. */
export async function scanJsonPage(
  plan: ExtractionPlan,
  ndjson: boolean,
  body: AsyncIterable<Uint8Array>,
  receiver: JsonValueReceiver,
  limits: ScanLimits,
  nextPath: Path | undefined,
): Promise<void> {
  const locator = new JsonLocator(plan.recordPaths, capturePathsOf(plan, nextPath), ndjson, receiver);
  const scanner = new JsonScanner(locator, ndjson, limits);
  for await (const chunk of body) scanner.write(chunk);
  scanner.end();
}
