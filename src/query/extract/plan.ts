import type { ColumnType, SourceLocation } from '../engine-types.js';
import type { Path } from '../path/steps.js';

/**
 * What extraction needs from a profile, compiled once by loadProfile. Repeat paths form a
 * tree of levels: the record level, and nested levels for FLATTENEDDOCUMENTS and
 * RELATIONAL, each relative to its parent.
 */
export interface ExtractionPlan {
  /** Absolute paths whose matches are records (several when the profile joins them with `;`). */
  recordPaths: Path[];
  root: LevelPlan;
  /** Every declared column in profile order. */
  columns: ColumnPlan[];
  /** Absolute column paths outside every record: values read once per document. */
  documentPaths: Path[];
  file: string;
}

export interface LevelPlan {
  /** For nested levels: the path from the parent level's record; undefined at the root. */
  path?: Path;
  /** Child table name suffix in RELATIONAL: the last name in `path`. */
  name: string;
  /** Indexes into ExtractionPlan.columns of the columns that belong to this level. */
  columns: number[];
  children: LevelPlan[];
}

export interface ColumnPlan {
  name: string;
  type: ColumnType;
  key: boolean;
  required: boolean;
  location: SourceLocation;
  /** The path as the profile wrote it, for messages. */
  pathText: string;
  /** Where the value is: relative to the record of `level`, or a document path. */
  source:
    | { kind: 'record'; level: LevelPlan; fromLevel: Path; fromRoot: Path }
    | { kind: 'document'; documentIndex: number };
}
