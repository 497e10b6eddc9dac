import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../harness/paths.js';
import { extractPage, parseProfileText } from '../../src/query/document.js';
import type { CellValue, CompiledProfile, DocumentFormat, ExtractOptions, PageResult } from '../../src/query/engine-types.js';
import { QueryError } from '../../src/query/engine-types.js';

export const fixtureDir = join(repoRoot, 'test', 'fixtures', 'query');

export function fixturePath(name: string): string {
  return join(fixtureDir, name);
}

export function fixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

export const defaultOptions: ExtractOptions = { lenient: false, keepEmpty: false, maxDepth: 64, maxRecordBytes: 1 << 20 };

/** Feeds `bytes` in pieces of the given sizes, cycling through them. */
export async function* chunked(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    yield bytes.subarray(offset, offset + size);
    offset += size;
    i += 1;
  }
}

/** Chunk sizes from a seeded generator, so a failure reproduces. */
export function randomSizes(seed: number, count: number, max: number): number[] {
  let state = seed;
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    sizes.push(1 + (state % max));
  }
  return sizes;
}

export interface PageRows {
  tables: Record<string, CellValue[][]>;
  result: PageResult;
}

/** Runs one page and collects the rows by table. */
export async function runPage(
  profile: CompiledProfile,
  format: DocumentFormat,
  body: Uint8Array | AsyncIterable<Uint8Array>,
  options: Partial<ExtractOptions> = {},
  page = { index: 0, rowIdStart: 1 },
): Promise<PageRows> {
  const tables: Record<string, CellValue[][]> = {};
  const source = body instanceof Uint8Array ? chunked(body) : body;
  const result = await extractPage(profile, format, source, (table, values) => (tables[table] ??= []).push(values), { ...defaultOptions, ...options }, page);
  return { tables, result };
}

/** Compiles profile text written in a test; the name's extension picks the form. */
export function profileFrom(text: string, name = 'test.yaml', connection: Record<string, string> = {}): CompiledProfile {
  return parseProfileText(text, name, connection);
}

/** Asserts that `action` raises a QueryError whose message matches every pattern. */
export async function rejectsWith(action: () => unknown, ...patterns: RegExp[]): Promise<string> {
  let message = '';
  await assert.rejects(
    async () => action(),
    (error: unknown) => {
      assert.ok(error instanceof QueryError, `expected a QueryError, got ${String(error)}`);
      message = error.message;
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    },
  );
  return message;
}
