import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

import { DuckDBInstance } from '@duckdb/node-api';

import { curlTransfer } from '../load/curl.js';
import { repoRoot } from '../paths.js';
import { runCommand } from '../processes.js';
import type { Target } from '../targets/target.js';
import type { LocalResult } from './local.js';
import { objectUrl } from './object-requests.js';
import { megabyte, type BenchSettings } from './workload.js';

const jsonKey = 'rows.json';

/** The columns both loaders declare, so that each converts the same typed values. */
const profile = {
  name: 'rows',
  format: 'json',
  repeat: '$[*]',
  columns: [
    { name: 'id', path: 'id', type: 'integer' },
    { name: 'title', path: 'title', type: 'string' },
    { name: 'price', path: 'price', type: 'double' },
    { name: 'in_stock', path: 'in_stock', type: 'boolean' },
    { name: 'published', path: 'published', type: 'date' },
    { name: 'author', path: 'author', type: 'string' },
  ],
};
const duckdbColumns = "{id: 'BIGINT', title: 'VARCHAR', price: 'DOUBLE', in_stock: 'BOOLEAN', published: 'DATE', author: 'VARCHAR'}";

/**
 * Loads one JSON array of rows into a table: `coffer query --into sqlite:` fetching it from
 * nginx over 127.0.0.1, against DuckDB's read_json on the same file on disk. Returns
 * undefined when this build has no `coffer query`.
 */
export async function measureJsonLoad(settings: BenchSettings, nginx: Target): Promise<LocalResult | undefined> {
  const help = await runCommand(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), '--help']);
  if (!/^\s+query\b/m.test(help)) return undefined;

  const bytes = settings.quick ? 10 * megabyte : 100 * megabyte;
  const file = join(settings.workDir, jsonKey);
  const rows = await writeRows(file, bytes);
  const upload = await curlTransfer('PUT', objectUrl(nginx, 'PUT', jsonKey), file);
  if (upload.status >= 300) throw new Error(`storing ${jsonKey} on nginx returned ${upload.status}`);

  const profileFile = join(settings.workDir, 'rows.profile.json');
  await writeFile(profileFile, JSON.stringify(profile));
  const cofferStarted = performance.now();
  await runCommand(process.execPath, [
    join(repoRoot, 'bin', 'coffer.js'),
    'query',
    '--uri', objectUrl(nginx, 'GET', jsonKey),
    '--profile', profileFile,
    '--into', `sqlite:${join(settings.workDir, 'rows.sqlite')}#rows`,
    '--replace',
    '--quiet',
    '--max-bytes', String(2 * bytes),
  ]);
  const cofferSeconds = (performance.now() - cofferStarted) / 1000;

  const duckdbStarted = performance.now();
  const instance = await DuckDBInstance.create(join(settings.workDir, 'rows.duckdb'));
  const connection = await instance.connect();
  await connection.run(
    `CREATE OR REPLACE TABLE rows AS SELECT * FROM read_json('${file}', format = 'array', columns = ${duckdbColumns})`,
  );
  connection.closeSync();
  instance.closeSync();
  const duckdbSeconds = (performance.now() - duckdbStarted) / 1000;

  return {
    id: 'json-load',
    title: `Load ${bytes / megabyte} MB of JSON (${rows.toLocaleString('en-US')} rows) into a table`,
    unit: 's',
    values: { 'coffer query --into sqlite': cofferSeconds, 'DuckDB read_json': duckdbSeconds },
  };
}

/** Writes a JSON array of generated rows of about `bytes` bytes and returns the row count. */
async function writeRows(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let count = 0;
  out.write('[');
  while (written < bytes) {
    const row = JSON.stringify({
      id: count + 1,
      title: `Title number ${count + 1} of the benchmark catalogue`,
      price: Math.round(((count * 7919) % 10000) + 1) / 100,
      in_stock: count % 3 !== 0,
      published: `20${String(10 + (count % 15)).padStart(2, '0')}-0${1 + (count % 9)}-1${count % 10}`,
      author: `Author ${count % 5000}`,
    });
    const text = count === 0 ? row : `,\n${row}`;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    written += text.length;
    count += 1;
  }
  out.end(']\n');
  await finished(out);
  return count;
}
