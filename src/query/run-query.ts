import type { Writable } from 'node:stream';

import { QueryError, type CellValue, type CompiledProfile, type DataModel } from './engine-types.js';
import type { LimitNames } from './fetch/http-get.js';
import { redactSecrets } from './fetch/redact.js';
import { loadFailure, loadResult } from './load/load-result.js';
import { attachedName, MemoryTables, type DirectTarget } from './load/memory-tables.js';
import { runSql, type ResultSet } from './load/result-set.js';
import { quoteIdentifier } from './load/sql-types.js';
import { parseLoadTarget, type LoadTarget } from './load/target.js';
import { writeResult, type OutputFormat } from './output/write-result.js';
import { ParseWorker } from './parse-in-worker.js';
import { compileQuery, readQuerySource } from './prepare-query.js';
import { Progress } from './progress.js';
import { readPages } from './read-pages.js';

export interface QueryRequest {
  /** The profile file: JSON, YAML or `.rsd`. */
  profile: string;
  /** The document's URL; default: the profile's URI, then the `uri` connection option. */
  uri?: string | undefined;
  /** `--connection name=value` options; names are matched without regard to case. */
  connection: Record<string, string>;
  /** `--input name=value` values for `[_input.name]`; they replace the profile's input defaults. */
  inputs?: Record<string, string> | undefined;
  /** Replaces the profile's data model and the `datamodel` connection option. */
  dataModel?: DataModel | undefined;
  /** Default `SELECT * FROM <table>`. */
  sql?: string | undefined;
  format: OutputFormat;
  /** `sqlite:FILE#TABLE` or `postgres://...#TABLE`; the result is loaded there instead of printed. */
  into?: string | undefined;
  replace: boolean;
  lenient: boolean;
  keepEmpty: boolean;
  maxBytes: number;
  timeoutMs: number;
  /** Report the first column of the first result row, for a job step that sets a variable. */
  captureFirstValue?: boolean | undefined;
  /** Names of `maxBytes` and `timeoutMs` in error messages; default the CLI flags. */
  limitNames?: LimitNames | undefined;
}

export interface QueryIo {
  stdout: Writable;
  stderr: Writable;
  /** Show the progress line (stderr is a terminal and `--quiet` is off). */
  progress: boolean;
  /** Leave out the summary and notes on stderr. */
  quiet: boolean;
}

export interface QueryOutcome {
  pages: number;
  bytes: number;
  /** Rows printed or loaded. */
  rows: number;
  /** The first column of the first result row, undefined when the result is empty. */
  firstValue: CellValue | undefined;
}

/** Limits that protect memory while parsing; the same for every document. */
const maxDepth = 256;
const maxRecordBytes = 64 * 1024 * 1024;

/**
 * Runs one query. This thread fetches the document page by page, a worker thread parses it
 * and converts the values (ParseWorker), and this thread inserts the rows into an
 * in-memory SQLite database. The SQL then runs over it, and
 * the result is printed or loaded into the target. Nothing reaches the target unless every
 * page converted and the SQL ran.
 *
 * `--into sqlite:` without `--sql` skips the scratch table: the rows go straight into the
 * target table, inside the one transaction that the load needs anyway.
 */
export async function runQuery(request: QueryRequest, io: QueryIo): Promise<QueryOutcome> {
  const target = request.into === undefined ? undefined : parseLoadTarget(request.into);
  const reader = new ParseWorker({
    request,
    extract: { lenient: request.lenient, keepEmpty: request.keepEmpty, maxDepth, maxRecordBytes },
  });
  let tables: MemoryTables;
  let profile: CompiledProfile;
  let uri: string;
  try {
    const query = await readQuerySource(request);
    reader.prepare(query);
    ({ profile, uri } = compileQuery(request, query));
    tables = new MemoryTables(profile.tables);
  } catch (error) {
    reader.stop();
    throw error;
  }
  const progress = new Progress(io.progress ? (io.stderr as NodeJS.WritableStream) : undefined);
  const direct: DirectTarget | undefined =
    target?.kind === 'sqlite' && request.sql === undefined && request.captureFirstValue !== true
      ? { file: target.file, table: target.table, source: profile.name, replace: request.replace }
      : undefined;
  try {
    loadStep(direct, target, () => tables.begin(direct));
    reader.start((table, values, rows) => {
      loadStep(direct, target, () => tables.addGroup(table, values, rows));
      progress.addRows(rows);
    });
    const totals = await readPages(
      profile,
      uri,
      (format, body, page) => reader.extractPage(format, body, page),
      { timeoutMs: request.timeoutMs, maxBytes: request.maxBytes, limitNames: request.limitNames },
      (count) => progress.addBytes(count),
    );
    reader.stop();
    progress.finish();
    if (!io.quiet) reportNullified(totals.nullified, io.stderr);

    let rows: number;
    let first: CellValue | undefined;
    if (direct !== undefined) {
      loadStep(direct, target, () => tables.commit());
      rows = tables.rowCount(profile.name);
    } else {
      tables.commit();
      const result = runSql(tables.db, request.sql ?? `SELECT * FROM ${quoteIdentifier(profile.name)}`);
      rows = await deliver(result, target, request, io);
      first = request.captureFirstValue === true ? firstValue(result) : undefined;
    }
    if (!io.quiet && target !== undefined) {
      io.stderr.write(`coffer: loaded ${rows} ${rows === 1 ? 'row' : 'rows'} into ${describeTable(target)}\n`);
      if (request.sql === undefined) reportChildTables(profile, io.stderr);
    }
    return { pages: totals.pages, bytes: totals.bytes, rows, firstValue: first };
  } catch (error) {
    reader.stop();
    tables.rollback();
    throw error;
  } finally {
    progress.finish();
    tables.close();
  }
}

/**
 * Runs one step of the scratch tables. With a direct target, a SQLite error there is a
 * failed load of the target and says so.
 */
function loadStep(direct: DirectTarget | undefined, target: LoadTarget | undefined, step: () => void): void {
  try {
    step();
  } catch (error) {
    if (direct === undefined || error instanceof QueryError) throw error;
    throw loadFailure(target!, directLoadError(error as Error));
  }
}

/**
 * Rewords a SQLite error of a direct load. The target file is attached under an internal
 * schema name, which is dropped from the message. A table whose columns differ from the
 * profile's gets the hint to pass `--replace`.
 */
function directLoadError(error: Error): Error {
  let message = error.message.replaceAll(`${attachedName}.`, '');
  if (/has no column named|columns but \d+ values were supplied/.test(message)) {
    message += '; the table exists with other columns than the profile declares: pass --replace to recreate it, or load into another table';
  }
  return new Error(message);
}

async function deliver(result: ResultSet, target: LoadTarget | undefined, request: QueryRequest, io: QueryIo): Promise<number> {
  if (target === undefined) return writeResult(result, request.format, io.stdout);
  return loadResult(target, result, request.replace);
}

function firstValue(result: ResultSet): CellValue | undefined {
  const rows = result.rows();
  try {
    const first = rows.next();
    return first.done === true ? undefined : first.value[0];
  } finally {
    // Ends the statement, because SQLite cannot close the database while a statement still runs.
    rows.return?.();
  }
}

function describeTable(target: LoadTarget): string {
  return target.kind === 'sqlite' ? `${target.file} table ${target.table}` : `PostgreSQL table ${target.schema === undefined ? '' : `${target.schema}.`}${target.table}`;
}

/** Names the RELATIONAL child tables that a load without `--sql` leaves out, and how to load them. */
function reportChildTables(profile: CompiledProfile, stderr: Writable): void {
  const children = profile.tables.slice(1).map((table) => table.name);
  if (children.length === 0) return;
  stderr.write(
    `coffer: --into loaded the table ${profile.name} only; the child ${children.length === 1 ? 'table' : 'tables'} ` +
      `${children.join(', ')} ${children.length === 1 ? 'was' : 'were'} not loaded. Load each with ` +
      `--sql "SELECT * FROM ${children[0]}" and its own --into target.\n`,
  );
}

function reportNullified(nullified: Record<string, number>, stderr: Writable): void {
  for (const [column, count] of Object.entries(nullified)) {
    if (count > 0) stderr.write(`coffer: --lenient: ${count} ${count === 1 ? 'value' : 'values'} of ${column} did not convert and became NULL\n`);
  }
}

/** Rewrites an error message for display, with presigned URL secrets and passwords redacted. */
export function queryErrorMessage(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

