import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

import type { ColumnType, DataModel, DocumentFormat, SourceLocation } from '../engine-types.js';
import { columnTypeNames, resolveColumnType } from './column-types.js';
import { buildPagination, type PaginationField } from './pagination.js';
import { profileError } from './profile-error.js';
import { evaluateReferences, type ReferenceValues } from './references.js';
import { dataModels, defaultMaxPages, type ColumnSource, type ProfileSource } from './source.js';
import { didYouMean } from './suggest.js';

const topKeys = ['name', 'description', 'repeat', 'columns', 'dataModel', 'uri', 'format', 'pagination', 'maxPages'];
const columnKeys = ['name', 'path', 'type', 'key', 'required', 'description'];
const paginationKeys = ['type', 'nextPath', 'param', 'pageSize', 'sizeParam', 'start'];
const formats: readonly DocumentFormat[] = ['json', 'ndjson', 'xml'];

/**
 * Reads a JSON or YAML profile. JSON is parsed as YAML, which is a superset of it, so both
 * forms report the line of each mistake.
 */
export function readObjectProfile(text: string, file: string, values: ReferenceValues): ProfileSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (node: Node | null | undefined): SourceLocation => {
    const offset = node?.range?.[0];
    return offset === undefined ? { file } : { file, line: lineCounter.linePos(offset).line };
  };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    profileError({ file, line: lineCounter.linePos(error.pos[0]).line }, `invalid JSON or YAML: ${error.message.split('\n')[0]}`);
  }
  const root = document.contents;
  if (!isMap(root)) profileError(at(root), 'a profile is an object with name, repeat and columns');
  const fields = readFields(root, topKeys, 'profile key', at);

  const location = at(root);
  const name = requiredText(fields, 'name', location, at);
  const repeatNode = fields.get('repeat')?.value;
  if (repeatNode === undefined) profileError(location, 'missing repeat: the path whose every match becomes a row, such as $.books[*] or /catalog/book');
  const repeat = (isSeq(repeatNode) ? repeatNode.items : [repeatNode]).map((item) => ({
    path: scalarText(item as Node, 'repeat', at),
    location: at(item as Node),
  }));

  const columnsNode = fields.get('columns')?.value;
  if (!isSeq(columnsNode) || columnsNode.items.length === 0) {
    profileError(at(columnsNode ?? root), 'columns must be a non-empty list of { name, path, type }');
  }
  const columns = columnsNode.items.map((item) => readColumn(item as Node, at));

  const source: ProfileSource = {
    name,
    repeat,
    columns,
    dataModel: readDataModel(fields, at),
    maxPages: defaultMaxPages,
    location,
  };
  const uri = fields.get('uri');
  if (uri !== undefined) source.uri = evaluateReferences(scalarText(uri.value, 'uri', at), values, at(uri.value));
  const format = fields.get('format');
  if (format !== undefined) {
    const text = scalarText(format.value, 'format', at).toLowerCase();
    if (!(formats as readonly string[]).includes(text)) {
      profileError(at(format.value), `unknown format ${JSON.stringify(text)}; use json, ndjson or xml`);
    }
    source.format = text as DocumentFormat;
  }
  const maxPages = fields.get('maxPages');
  if (maxPages !== undefined) source.maxPages = positiveInteger(maxPages.value, 'maxPages', at);
  const pagination = fields.get('pagination');
  if (pagination !== undefined) {
    source.pagination = readPagination(pagination.value, at);
    source.paginationLocation = at(pagination.value);
  }
  return source;
}

type At = (node: Node | null | undefined) => SourceLocation;

interface Field {
  key: Node;
  value: Node;
}

/** Reads a mapping's entries, rejecting keys that are not in `allowed`. */
function readFields(map: YAMLMap, allowed: string[], what: string, at: At): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!allowed.includes(key)) {
      profileError(at(keyNode), `unknown ${what} ${JSON.stringify(key)}${didYouMean(key, allowed)}; valid keys: ${allowed.join(', ')}`);
    }
    fields.set(key, { key: keyNode, value: pair.value as Node });
  }
  return fields;
}

function scalarText(node: Node | null | undefined, what: string, at: At): string {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
    profileError(at(node), `${what} must be a text value`);
  }
  return String(node.value);
}

function requiredText(fields: Map<string, Field>, key: string, location: SourceLocation, at: At): string {
  const field = fields.get(key);
  if (field === undefined) profileError(location, `missing ${key}`);
  const text = scalarText(field.value, key, at);
  if (text.trim() === '') profileError(at(field.value), `${key} must not be empty`);
  return text;
}

function flag(fields: Map<string, Field>, key: string, at: At): boolean {
  const field = fields.get(key);
  if (field === undefined) return false;
  if (!isScalar(field.value) || typeof field.value.value !== 'boolean') {
    profileError(at(field.value), `${key} must be true or false`);
  }
  return field.value.value;
}

function positiveInteger(node: Node, what: string, at: At): number {
  const value = isScalar(node) ? Number(node.value) : NaN;
  if (!Number.isInteger(value) || value < 1) profileError(at(node), `${what} must be a whole number ≥ 1`);
  return value;
}

function readColumn(node: Node, at: At): ColumnSource {
  if (!isMap(node)) profileError(at(node), 'a column is an object with name, path and type');
  const fields = readFields(node, columnKeys, 'column key', at);
  const location = at(node);
  const name = requiredText(fields, 'name', location, at);
  const path = fields.has('path') ? requiredText(fields, 'path', location, at) : name;
  let type: ColumnType = 'string';
  const typeField = fields.get('type');
  if (typeField !== undefined) {
    const typeName = scalarText(typeField.value, 'type', at);
    const resolved = resolveColumnType(typeName);
    if (resolved === undefined) {
      profileError(at(typeField.value), `unknown type ${JSON.stringify(typeName)} for column ${name}${didYouMean(typeName, columnTypeNames)}`);
    }
    type = resolved;
  }
  return { name, path, type, key: flag(fields, 'key', at), required: flag(fields, 'required', at), location };
}

function readDataModel(fields: Map<string, Field>, at: At): DataModel {
  const field = fields.get('dataModel');
  if (field === undefined) return 'DOCUMENT';
  const text = scalarText(field.value, 'dataModel', at).toUpperCase();
  if (!(dataModels as readonly string[]).includes(text)) {
    profileError(at(field.value), `unknown dataModel ${JSON.stringify(text)}${didYouMean(text, dataModels)}; use ${dataModels.join(', ')}`);
  }
  return text as DataModel;
}

function readPagination(node: Node, at: At) {
  if (!isMap(node)) profileError(at(node), 'pagination is an object with a type');
  const fields = readFields(node, paginationKeys, 'pagination key', at);
  const type = fields.get('type');
  if (type === undefined) profileError(at(node), `pagination needs a type`);
  const settings = new Map<string, PaginationField>();
  for (const [key, field] of fields) {
    if (key === 'type') continue;
    const value = isScalar(field.value) ? field.value.value : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') profileError(at(field.value), `${key} must be a text or number value`);
    settings.set(key, { value, location: at(field.value) });
  }
  const names = Object.fromEntries(paginationKeys.map((key) => [key, `pagination.${key}`]));
  return buildPagination({ value: scalarText(type.value, 'pagination.type', at), location: at(type.value) }, settings, names);
}
