import type { ColumnSchema, DataModel, SourceLocation, TableSchema } from '../engine-types.js';
import type { ExtractionPlan, LevelPlan } from '../extract/plan.js';
import { profileError } from './profile-error.js';

/** Generated RELATIONAL columns: every row's id, and in child tables the parent row's id. */
export const rowIdColumn = '_id';
export const parentIdColumn = '_parent_id';

/**
 * Table schemas for a data model. DOCUMENT and FLATTENEDDOCUMENTS give one table with the
 * declared columns. RELATIONAL gives the main table with the record level's columns and
 * the document columns, then one `<parent>_<child>` table per nested level.
 */
export function buildTables(name: string, plan: ExtractionPlan, dataModel: DataModel, location: SourceLocation): TableSchema[] {
  const schema = (index: number): ColumnSchema => {
    const column = plan.columns[index]!;
    return { name: column.name, type: column.type, key: column.key, required: column.required, location: column.location };
  };
  if (dataModel !== 'RELATIONAL') {
    return [{ name, columns: plan.columns.map((_, index) => schema(index)) }];
  }
  for (const column of plan.columns) {
    if ([rowIdColumn, parentIdColumn].includes(column.name.toLowerCase())) {
      profileError(column.location, `the column name ${column.name} is reserved for the ids RELATIONAL generates; rename it`);
    }
  }
  const generated = (column: string): ColumnSchema => ({ name: column, type: 'integer', key: column === rowIdColumn, required: true, location });
  const tables: TableSchema[] = [{ name, columns: [generated(rowIdColumn), ...mainTableColumns(plan).map(schema)] }];
  const addChildren = (level: LevelPlan, parentName: string): void => {
    for (const child of level.children) {
      const childName = `${parentName}_${child.name}`;
      tables.push({
        name: childName,
        columns: [generated(rowIdColumn), generated(parentIdColumn), ...child.columns.map(schema)],
        parent: { table: parentName, column: parentIdColumn },
      });
      addChildren(child, childName);
    }
  };
  addChildren(plan.root, name);
  return tables;
}

/** Indexes of the declared columns in the RELATIONAL main table: record and document columns, in profile order. */
export function mainTableColumns(plan: ExtractionPlan): number[] {
  return plan.columns.flatMap((column, index) =>
    column.source.kind === 'document' || plan.root.columns.includes(index) ? [index] : [],
  );
}
