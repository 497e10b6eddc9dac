import type { ColumnType, DataModel, DocumentFormat, SourceLocation } from '../engine-types.js';
import { columnTypeNames, resolveColumnType } from './column-types.js';
import { buildPagination, type PaginationField } from './pagination.js';
import { profileError } from './profile-error.js';
import { evaluateReferences, type ReferenceValues } from './references.js';
import { parseRsdTree, undeclaredNamespace, type RsdAttribute, type RsdElement } from './rsd-tree.js';
import { dataModels, defaultMaxPages, type ColumnSource, type ProfileSource } from './source.js';
import { didYouMean } from './suggest.js';

/** API Script's namespace, and the RSSBus one that older files bind to the `rsb` prefix. */
export const apiScriptNamespaces = ['http://apiscript.com/ns?v1', 'http://www.rssbus.com/ns/rsbscript/2'];

const attrAttributes = ['name', 'type', 'xPath', 'key', 'required', 'readonly', 'columnsize', 'decimaldigits', 'desc'];
const inputAttributes = ['name', 'type', 'desc', 'default', 'required', 'values', 'columnsize', 'decimaldigits', 'key'];
const providerOperations: Record<string, DocumentFormat> = { jsonproviderget: 'json', xmlproviderget: 'xml' };
const skippedMethods = ['POST', 'PUT', 'MERGE', 'DELETE'];

/**
 * `api:set` attributes Coffer reads. FlattenArrays and FlattenObjects shape only the
 * columns a provider discovers by itself; every Coffer column has an explicit path, so
 * they are accepted and change nothing.
 */
const setNames = [
  'URI', 'RepeatElement', 'XPath', 'JSONPath', 'DataModel', 'JSONFormat', 'FlattenArrays', 'FlattenObjects',
  'Pagination', 'PageNextPath', 'PageParam', 'PageSize', 'PageSizeParam', 'PageStart', 'MaxPages', 'method',
];
const paginationSetNames: Record<string, string> = {
  nextPath: 'PageNextPath',
  param: 'PageParam',
  pageSize: 'PageSize',
  sizeParam: 'PageSizeParam',
  start: 'PageStart',
};

interface SetValue {
  value: string;
  location: SourceLocation;
}

/** What the GET path of a profile sets up. */
interface ScriptState {
  sets: Map<string, SetValue>;
  call?: { format: DocumentFormat; location: SourceLocation };
}

/**
 * Reads a `.rsd` API Script profile: `api:info` for the table and its columns, top-level
 * and GET `api:set` statements, and the provider call. Blocks for other methods are
 * skipped; any other statement on the GET path raises an error with its line, because
 * running a profile without it would return different rows than the ETL tool does.
 */
export function readRsdProfile(text: string, file: string, values: ReferenceValues): ProfileSource {
  const root = parseRsdTree(text, file);
  const at = (element: RsdElement): SourceLocation => ({ file, line: element.line });
  if (!isApi(root, 'script')) {
    profileError(at(root), `the root element is <${root.qualifiedName}>, not api:script (xmlns:api="${apiScriptNamespaces[0]}")`);
  }
  const info = root.children.filter((child) => isApi(child, 'info'));
  if (info.length !== 1) profileError(at(root), 'a profile needs exactly one api:info element');
  const { name, columns, inputDefaults } = readInfo(info[0]!, at);

  const state: ScriptState = { sets: new Map() };
  const inputs: ReferenceValues = { connection: values.connection, inputs: { ...inputDefaults, ...values.inputs } };
  for (const child of root.children) {
    if (isApi(child, 'info')) continue;
    if (isApi(child, 'script')) {
      readMethodScript(child, state, inputs, at);
      continue;
    }
    readStatement(child, state, inputs, at);
  }
  if (state.call === undefined) {
    profileError(at(root), 'the profile has no <api:call op="jsonproviderGet"> or op="xmlproviderGet" with <api:push/> for GET');
  }
  return buildSource(name, columns, state, values, at(root));
}

function isApi(element: RsdElement, local: string): boolean {
  return apiScriptNamespaces.includes(element.uri) && element.local === local;
}

function checkNamespace(element: RsdElement, at: (element: RsdElement) => SourceLocation): void {
  if (element.uri.startsWith(undeclaredNamespace)) {
    profileError(at(element), `the prefix ${element.prefix} of <${element.qualifiedName}> is not declared; add xmlns:${element.prefix}="${apiScriptNamespaces[0]}"`);
  }
}

/** Finds an attribute by local name: generated files vary in the prefixes of `xs:type` and `other:xPath`. */
function attribute(element: RsdElement, local: string): RsdAttribute | undefined {
  return element.attributes.find((candidate) => candidate.local === local && candidate.prefix !== 'xmlns');
}

function checkAttributes(element: RsdElement, allowed: string[], at: (element: RsdElement) => SourceLocation): void {
  for (const candidate of element.attributes) {
    if (candidate.prefix === 'xmlns' || candidate.qualifiedName === 'xmlns') continue;
    if (!allowed.includes(candidate.local)) {
      profileError(
        at(element),
        `unknown attribute ${candidate.qualifiedName} on <${element.qualifiedName}>${didYouMean(candidate.local, allowed)}`,
      );
    }
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

function readInfo(info: RsdElement, at: (element: RsdElement) => SourceLocation) {
  const title = attribute(info, 'title')?.value.trim();
  if (title === undefined || title === '') profileError(at(info), 'api:info needs a title: the table name');
  const columns: ColumnSource[] = [];
  const inputDefaults: Record<string, string> = {};
  for (const child of info.children) {
    if (child.local === 'attr' && !child.uri.startsWith(undeclaredNamespace)) {
      columns.push(readAttr(child, at));
    } else if (child.local === 'input') {
      checkAttributes(child, inputAttributes, at);
      const name = attribute(child, 'name')?.value;
      if (name === undefined) profileError(at(child), '<input> needs a name');
      const fallback = attribute(child, 'default')?.value;
      if (fallback !== undefined) inputDefaults[name] = fallback;
    } else {
      profileError(at(child), `<${child.qualifiedName}> is not supported inside api:info; use attr and input`);
    }
  }
  if (columns.length === 0) profileError(at(info), 'api:info declares no columns (attr elements)');
  return { name: title, columns, inputDefaults };
}

function readAttr(element: RsdElement, at: (element: RsdElement) => SourceLocation): ColumnSource {
  checkAttributes(element, attrAttributes, at);
  const name = attribute(element, 'name')?.value;
  if (name === undefined || name.trim() === '') profileError(at(element), '<attr> needs a name');
  const typeName = attribute(element, 'type')?.value ?? 'string';
  const type: ColumnType | undefined = resolveColumnType(typeName.trim());
  if (type === undefined) {
    profileError(at(element), `unknown type ${JSON.stringify(typeName)} for column ${name}${didYouMean(typeName, columnTypeNames)}`);
  }
  return {
    name,
    path: attribute(element, 'xPath')?.value ?? name,
    type,
    key: isTrue(attribute(element, 'key')?.value),
    required: isTrue(attribute(element, 'required')?.value),
    location: at(element),
  };
}

function readMethodScript(
  script: RsdElement,
  state: ScriptState,
  values: ReferenceValues,
  at: (element: RsdElement) => SourceLocation,
): void {
  const method = attribute(script, 'method')?.value.trim().toUpperCase();
  if (method !== undefined && skippedMethods.includes(method)) return;
  if (method !== 'GET') {
    profileError(at(script), `api:script method=${JSON.stringify(method ?? '')} is not supported; use GET (POST, PUT, MERGE and DELETE are skipped)`);
  }
  for (const child of script.children) readStatement(child, state, values, at);
}

/** Runs one statement of the GET path: api:set or the provider call. */
function readStatement(
  element: RsdElement,
  state: ScriptState,
  values: ReferenceValues,
  at: (element: RsdElement) => SourceLocation,
): void {
  checkNamespace(element, at);
  if (isApi(element, 'set')) {
    readSet(element, state, values, at);
  } else if (isApi(element, 'call')) {
    readCall(element, state, at);
  } else {
    profileError(
      at(element),
      `<${element.qualifiedName}> is not supported on the GET path; Coffer runs api:set and ` +
        'api:call op="jsonproviderGet" or op="xmlproviderGet" with api:push',
    );
  }
}

function readSet(element: RsdElement, state: ScriptState, values: ReferenceValues, at: (element: RsdElement) => SourceLocation): void {
  checkAttributes(element, ['attr', 'value'], at);
  const name = attribute(element, 'attr')?.value.trim();
  if (name === undefined) profileError(at(element), 'api:set needs attr');
  const known = setNames.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (known === undefined) {
    profileError(at(element), `unknown api:set attr ${JSON.stringify(name)}${didYouMean(name, setNames)}; supported: ${setNames.join(', ')}`);
  }
  const raw = attribute(element, 'value')?.value ?? element.text;
  const value = evaluateReferences(raw, values, at(element));
  if (known === 'method' && value.trim().toUpperCase() !== 'GET') {
    profileError(at(element), `api:set attr="method" value=${JSON.stringify(value)} is not supported on the GET path`);
  }
  state.sets.set(known, { value, location: at(element) });
}

function readCall(element: RsdElement, state: ScriptState, at: (element: RsdElement) => SourceLocation): void {
  checkAttributes(element, ['op', 'output'], at);
  const op = attribute(element, 'op')?.value.trim() ?? '';
  const format = providerOperations[op.toLowerCase()];
  if (format === undefined) {
    profileError(at(element), `api:call op=${JSON.stringify(op)} is not supported; use jsonproviderGet or xmlproviderGet`);
  }
  if (state.call !== undefined) profileError(at(element), 'the GET path calls a provider twice; one call is supported');
  const output = attribute(element, 'output')?.value;
  let pushes = 0;
  for (const child of element.children) {
    checkNamespace(child, at);
    if (!isApi(child, 'push')) {
      profileError(at(child), `<${child.qualifiedName}> is not supported inside api:call; use <api:push/>`);
    }
    checkAttributes(child, ['item'], at);
    const item = attribute(child, 'item')?.value;
    if (item !== undefined && item !== output) {
      profileError(at(child), `api:push item=${JSON.stringify(item)} does not name the call's output`);
    }
    pushes += 1;
  }
  if (pushes !== 1) profileError(at(element), `api:call op="${op}" needs exactly one <api:push/> to return its rows`);
  state.call = { format, location: at(element) };
}

function buildSource(
  name: string,
  columns: ColumnSource[],
  state: ScriptState,
  values: ReferenceValues,
  location: SourceLocation,
): ProfileSource {
  const sets = state.sets;
  const repeatSets = ['RepeatElement', 'XPath', 'JSONPath'].filter((key) => sets.has(key));
  if (repeatSets.length === 0) {
    profileError(location, 'the profile sets no RepeatElement, XPath or JSONPath: the path whose every match becomes a row');
  }
  if (repeatSets.length > 1) {
    profileError(sets.get(repeatSets[1]!)!.location, `set only one of RepeatElement, XPath and JSONPath (found ${repeatSets.join(' and ')})`);
  }
  const repeatSet = sets.get(repeatSets[0]!)!;
  const repeat = repeatSet.value
    .split(';')
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => ({ path, location: repeatSet.location }));

  const source: ProfileSource = {
    name,
    repeat,
    columns,
    dataModel: readDataModel(sets.get('DataModel'), values, location),
    format: readFormat(state, sets.get('JSONFormat')),
    maxPages: defaultMaxPages,
    location,
  };
  const uri = sets.get('URI');
  if (uri !== undefined) source.uri = uri.value;
  const maxPages = sets.get('MaxPages');
  if (maxPages !== undefined) {
    const count = Number(maxPages.value);
    if (!Number.isInteger(count) || count < 1) profileError(maxPages.location, 'MaxPages must be a whole number ≥ 1');
    source.maxPages = count;
  }
  readPagination(sets, source);
  return source;
}

function readDataModel(set: SetValue | undefined, values: ReferenceValues, location: SourceLocation): DataModel {
  // The provider falls back to the Data Model connection property, as it does for URI.
  const text = (set?.value ?? values.connection.datamodel ?? values.connection['data model'] ?? 'DOCUMENT').trim().toUpperCase();
  if (!(dataModels as readonly string[]).includes(text)) {
    profileError(set?.location ?? location, `unknown DataModel ${JSON.stringify(text)}${didYouMean(text, dataModels)}; use ${dataModels.join(', ')}`);
  }
  return text as DataModel;
}

function readFormat(state: ScriptState, jsonFormat: SetValue | undefined): DocumentFormat {
  const format = state.call!.format;
  if (jsonFormat === undefined) return format;
  const value = jsonFormat.value.trim().toUpperCase();
  if (format === 'xml') profileError(jsonFormat.location, 'JSONFormat does not apply to xmlproviderGet');
  if (value === 'JSON') return 'json';
  if (['LDJSON', 'JSONL', 'NDJSON'].includes(value)) return 'ndjson';
  return profileError(jsonFormat.location, `JSONFormat ${JSON.stringify(jsonFormat.value)} is not supported; use JSON or LDJSON`);
}

function readPagination(sets: Map<string, SetValue>, source: ProfileSource): void {
  const fields = new Map<string, PaginationField>();
  for (const [key, setName] of Object.entries(paginationSetNames)) {
    const set = sets.get(setName);
    if (set !== undefined) fields.set(key, { value: set.value, location: set.location });
  }
  const kind = sets.get('Pagination');
  if (kind === undefined) {
    if (fields.size === 0) return;
    const first = [...fields.values()][0]!;
    profileError(first.location, 'set Pagination (next-url, link-header, offset, page-number or cursor) to use the Page* settings');
  }
  source.pagination = buildPagination({ value: kind.value.trim(), location: kind.location }, fields, paginationSetNames);
  source.paginationLocation = kind.location;
}
