import { QueryError, type CellValue, type CompiledProfile, type ExtractOptions, type RowSink } from '../engine-types.js';
import type { Path } from '../path/steps.js';
import { describeLocation } from '../profile/source.js';
import { mainTableColumns } from '../profile/tables.js';
import { ConversionFailure, convertValue, type RawValue } from './convert.js';
import type { ColumnPlan, ExtractionPlan, LevelPlan } from './plan.js';

/** Reads records and values from one kind of document (parsed JSON values or XML elements). */
export interface RecordAdapter<N> {
  /** The records of a nested level under `node`. */
  records(node: N, path: Path): N[];
  /** A column's value under `node`. */
  value(node: N, path: Path): RawValue;
}

interface Level {
  plan: LevelPlan;
  table: string;
  /** RELATIONAL: the declared columns of this level's table, in table order. */
  tableColumns: number[];
  /** FLATTENEDDOCUMENTS: every column this level and its descendants fill. */
  subtreeColumns: number[];
  children: Level[];
}

/**
 * Turns records into rows for the profile's data model and hands them to the sink:
 * DOCUMENT gives one row per record, FLATTENEDDOCUMENTS joins nested records to their
 * parents, RELATIONAL gives child tables linked by generated ids.
 */
export class RowBuilder<N> {
  rows = 0;
  readonly nullified: Record<string, number> = {};
  private readonly rowsByTable = new Map<string, number>();
  private readonly root: Level;
  private nextId: number;
  private recordNumber = 0;

  constructor(
    private readonly plan: ExtractionPlan,
    private readonly profile: CompiledProfile,
    private readonly adapter: RecordAdapter<N>,
    private readonly sink: RowSink,
    private readonly options: ExtractOptions,
    private readonly page: { index: number; rowIdStart: number },
    private readonly documentValue: (index: number) => RawValue,
  ) {
    this.nextId = page.rowIdStart;
    this.root = this.buildLevel(plan.root, profile.name, mainTableColumns(plan));
  }

  private buildLevel(plan: LevelPlan, table: string, tableColumns: number[]): Level {
    const children = plan.children.map((child) => this.buildLevel(child, `${table}_${child.name}`, child.columns));
    const subtreeColumns = [...plan.columns, ...children.flatMap((child) => child.subtreeColumns)];
    return { plan, table, tableColumns, subtreeColumns, children };
  }

  /** Emits the rows of one record. */
  add(node: N): void {
    this.recordNumber += 1;
    switch (this.profile.dataModel) {
      case 'DOCUMENT':
        this.addDocument(node);
        break;
      case 'FLATTENEDDOCUMENTS':
        this.addFlattened(node);
        break;
      case 'RELATIONAL':
        this.addRelational(this.root, node, undefined);
        break;
    }
  }

  private emit(table: string, values: CellValue[]): void {
    this.sink(table, values);
    this.rows += 1;
    this.rowsByTable.set(table, (this.rowsByTable.get(table) ?? 0) + 1);
  }

  /** Names the next row of the main table, for an error message of addDocument. */
  private readonly nextDocumentRow = (): string => this.rowName(this.root.table);

  private addDocument(node: N): void {
    const columns = this.plan.columns;
    const values: CellValue[] = new Array(columns.length);
    // The row's name is built only for an error message, so that a valid row costs no string.
    const where = this.nextDocumentRow;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const source = column.source;
      const raw = source.kind === 'record' ? this.adapter.value(node, source.fromRoot) : this.documentValue(source.documentIndex);
      values[i] = this.cell(column, raw, this.root.table, where);
    }
    this.emit(this.root.table, values);
  }

  private addFlattened(node: N): void {
    const where = `record ${this.recordNumber} of ${this.root.table}${this.pageName()}`;
    const rows = this.flatten(this.root, node, where);
    const columns = this.plan.columns;
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) {
        const source = columns[i]!.source;
        if (source.kind === 'document') row[i] = this.cell(columns[i]!, this.documentValue(source.documentIndex), this.root.table, where);
        else if (row[i] === undefined) row[i] = null;
      }
      this.emit(this.root.table, row);
    }
  }

  /** Builds the partial rows of one record of `level`: its own columns, crossed with each child level's rows. */
  private flatten(level: Level, node: N, where: string): CellValue[][] {
    const base: CellValue[] = new Array(this.plan.columns.length);
    for (const index of level.plan.columns) {
      const column = this.plan.columns[index]!;
      base[index] = this.cell(column, this.adapter.value(node, this.levelPath(column)), this.root.table, where);
    }
    let rows = [base];
    for (const child of level.children) {
      let childRows = this.adapter.records(node, child.plan.path!).flatMap((record) => this.flatten(child, record, where));
      if (childRows.length === 0) {
        if (!this.options.keepEmpty) return [];
        childRows = [new Array(this.plan.columns.length)];
      }
      const joined: CellValue[][] = [];
      for (const row of rows) {
        for (const childRow of childRows) {
          const merged = row.slice();
          for (const index of child.subtreeColumns) merged[index] = childRow[index] ?? null;
          joined.push(merged);
        }
      }
      rows = joined;
    }
    return rows;
  }

  private addRelational(level: Level, node: N, parentId: number | undefined): void {
    const id = this.nextId++;
    const values: CellValue[] = parentId === undefined ? [id] : [id, parentId];
    const where = this.rowName(level.table);
    for (const index of level.tableColumns) {
      const column = this.plan.columns[index]!;
      const source = column.source;
      const raw = source.kind === 'document' ? this.documentValue(source.documentIndex) : this.adapter.value(node, this.levelPath(column));
      values.push(this.cell(column, raw, level.table, where));
    }
    this.emit(level.table, values);
    for (const child of level.children) {
      for (const record of this.adapter.records(node, child.plan.path!)) this.addRelational(child, record, id);
    }
  }

  private levelPath(column: ColumnPlan): Path {
    if (column.source.kind !== 'record') throw new Error('a document column has no record path');
    return column.source.fromLevel;
  }

  private rowName(table: string): string {
    return `row ${(this.rowsByTable.get(table) ?? 0) + 1} of ${table}${this.pageName()}`;
  }

  private pageName(): string {
    return this.page.index > 0 ? ` on page ${this.page.index + 1}` : '';
  }

  /** Converts one value, applying the key, required and lenient rules. */
  private cell(column: ColumnPlan, raw: RawValue, table: string, rowName: string | (() => string)): CellValue {
    const converted = convertValue(raw, column.type);
    if (converted instanceof ConversionFailure) {
      if (this.options.lenient && !column.key && !column.required) {
        const name = `${table}.${column.name}`;
        this.nullified[name] = (this.nullified[name] ?? 0) + 1;
        return null;
      }
      throw new QueryError(
        `${nameOf(rowName)}: column ${column.name} (path ${JSON.stringify(column.pathText)}, ${describeLocation(column.location)}) ` +
          `cannot hold ${describeRaw(raw)} as ${column.type}: ${converted.reason}. ${conversionHint(column)}`,
      );
    }
    if (converted === null && (column.key || column.required)) {
      throw new QueryError(
        `${nameOf(rowName)}: column ${column.name} (path ${JSON.stringify(column.pathText)}, ${describeLocation(column.location)}) ` +
          `is ${column.key ? 'a key' : 'required'} but the record has no value there.`,
      );
    }
    return converted;
  }
}

/** Returns the advice for a value that does not convert. --lenient stores NULL only in columns that may be NULL. */
function conversionHint(column: ColumnPlan): string {
  if (column.key || column.required) {
    return `Fix the value or the column type; --lenient does not apply to a ${column.key ? 'key' : 'required'} column.`;
  }
  return 'Fix the value or the column type, or pass --lenient to store NULL.';
}

/** Returns the row name, building it first when it was passed as a function. */
function nameOf(rowName: string | (() => string)): string {
  return typeof rowName === 'string' ? rowName : rowName();
}

function describeRaw(raw: RawValue): string {
  let text: string;
  if (typeof raw === 'object' && raw !== null && 'aggregate' in raw) text = raw.aggregate;
  else if (typeof raw === 'object' && raw !== null) text = raw.text;
  else text = JSON.stringify(raw) ?? String(raw);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
