/**
 * The contract between the document side of `coffer query` (profiles, paths, streaming
 * extraction, data models, type conversion) and its I/O side (fetching, pagination,
 * SQLite loading, output, load targets). The document side never touches the network;
 * the I/O side never looks inside a document.
 */

/** Column types a profile may declare, after aliases (`int`, `double`, `bool`, ...) resolve. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

/** A value as it is stored in SQLite and PostgreSQL: booleans are 0 and 1. */
export type CellValue = string | number | bigint | null;

/** Location of a profile construct (file and line), for error messages. */
export interface SourceLocation {
  file: string;
  line?: number;
}

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** Primary-key column (`key="true"`); a missing value is an error. */
  key: boolean;
  /** A missing value is an error rather than NULL. */
  required: boolean;
  location: SourceLocation;
}

export interface TableSchema {
  /** Table name: the profile's title, or `<parent>_<child>` for RELATIONAL child tables. */
  name: string;
  columns: ColumnSchema[];
  /** For RELATIONAL child tables: the parent table and the column holding the parent's row id. */
  parent?: { table: string; column: string };
}

export type DataModel = 'DOCUMENT' | 'FLATTENEDDOCUMENTS' | 'RELATIONAL';

export type DocumentFormat = 'json' | 'ndjson' | 'xml';

/**
 * How further pages are requested. The document side reads `nextPath` (a path into each
 * page, absolute from the document root) and reports what it found; the I/O side builds
 * the next request from it.
 */
export type PaginationSpec =
  | { kind: 'next-url'; nextPath: string }
  | { kind: 'link-header' }
  | { kind: 'offset'; param: string; pageSize: number; sizeParam?: string; start: number }
  | { kind: 'page-number'; param: string; start: number; sizeParam?: string; pageSize?: number }
  | { kind: 'cursor'; param: string; nextPath: string };

export interface CompiledProfile {
  /** The main table's name; the in-memory SQLite table is named after it. */
  name: string;
  /** The document's location after connection references resolve, if the profile gives one. */
  uri?: string;
  /** Undefined means: decide from the Content-Type, then from the first byte. */
  format?: DocumentFormat;
  dataModel: DataModel;
  /** The main table first, then RELATIONAL child tables. */
  tables: TableSchema[];
  pagination?: PaginationSpec;
  /** Stop with an error after this many pages (default 1000). */
  maxPages: number;
  location: SourceLocation;
}

export interface ExtractOptions {
  /** Give NULL for a value that does not convert, and count it, instead of failing. */
  lenient: boolean;
  /** FLATTENEDDOCUMENTS: keep a parent row whose nested array is empty, with NULL children. */
  keepEmpty: boolean;
  /** Limits that protect memory: nesting depth and the size of one record in bytes. */
  maxDepth: number;
  maxRecordBytes: number;
}

/** Receives rows in document order; values follow the table's column order. */
export type RowSink = (table: string, values: CellValue[]) => void;

export interface PageResult {
  rows: number;
  /** Value of `pagination.nextPath` on this page, if the page has one. */
  next?: string;
  /** Per column, how many values `lenient` turned into NULL. Keys are `table.column`. */
  nullified: Record<string, number>;
}

/**
 * The document side's entry points, implemented under src/query/ by the profile and
 * extraction modules:
 *
 *   loadProfile(file: string, connection: Record<string, string>,
 *               inputs?: Record<string, string>): Promise<CompiledProfile>
 *     `connection` holds the `--connection name=value` options with names in lower case,
 *     because CData's connection properties are case-insensitive; values are exactly as
 *     given (a presigned URL in `uri` is never decoded). `inputs` gives the values of
 *     `[_input.name]` references in `.rsd` profiles.
 *   extractPage(profile: CompiledProfile, format: DocumentFormat,
 *               body: AsyncIterable<Uint8Array>, sink: RowSink, options: ExtractOptions,
 *               page: { index: number; rowIdStart: number }): Promise<PageResult>
 *     `page.index` counts from 0. `page.rowIdStart` is 1 plus the number of rows of all
 *     tables that earlier pages delivered, so row ids numbered from it stay unique across
 *     pages whether they are counted per table or over all tables.
 *     RELATIONAL tables start with a generated `_id` column (key), and child tables then
 *     a `_parent_id` column (named in TableSchema.parent); both take ids from one sequence
 *     shared by all tables, starting at `rowIdStart`. PageResult.rows counts the rows of
 *     all tables. The profile's `dataModel` and `tables` must agree: to change the data
 *     model after loading, use withDataModel(profile, model) from document.ts.
 *   inferProfile(format: DocumentFormat, sample: AsyncIterable<Uint8Array>,
 *                options: { name: string; repeat?: string; as: 'json' | 'yaml' | 'rsd';
 *                           sampleRecords?: number }): Promise<string>
 *
 * Errors a user can fix (a profile typo, a value that does not convert, a document that
 * does not parse) are thrown as QueryError with a message that names the file and line,
 * or the row, column, path and value.
 */
export class QueryError extends Error {
  override name = 'QueryError';
}
