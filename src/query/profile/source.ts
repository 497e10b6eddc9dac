import type { DataModel, DocumentFormat, PaginationSpec, SourceLocation } from '../engine-types.js';
import type { ColumnType } from '../engine-types.js';

/**
 * A profile as read from its file, before paths compile: the common form of JSON, YAML
 * and `.rsd` profiles. Locations point at the construct that set each value.
 */
export interface ProfileSource {
  name: string;
  /** Repeat paths: the first is the record path, later ones may nest under it. */
  repeat: Array<{ path: string; location: SourceLocation }>;
  columns: ColumnSource[];
  dataModel: DataModel;
  uri?: string;
  /**
   * The URI is the page that `--input rows@next` names, set by the `.rsd` profile's
   * api:check. The query starts there, so `--uri` does not replace it.
   */
  uriFromNextPage?: boolean;
  format?: DocumentFormat;
  pagination?: PaginationSpec;
  paginationLocation?: SourceLocation;
  maxPages: number;
  location: SourceLocation;
}

export interface ColumnSource {
  name: string;
  path: string;
  type: ColumnType;
  key: boolean;
  required: boolean;
  location: SourceLocation;
}

export const dataModels: readonly DataModel[] = ['DOCUMENT', 'FLATTENEDDOCUMENTS', 'RELATIONAL'];
export const defaultMaxPages = 1000;

/** `file line N`, or just `file`, for the start of an error message. */
export function describeLocation(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file} line ${location.line}`;
}
