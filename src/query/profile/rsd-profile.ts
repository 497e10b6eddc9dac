import type { DataModel, DocumentFormat, SourceLocation } from '../engine-types.js';
import { profileError } from './profile-error.js';
import { evaluateReferences, type ReferenceValues } from './references.js';
import { attribute, checkAttributes, readInfo } from './rsd-info.js';
import { pagingSetNames, readRsdPagination, type NextUse } from './rsd-paging.js';
import { parseRsdTree, undeclaredNamespace, type RsdElement } from './rsd-tree.js';
import { dataModels, defaultMaxPages, type ColumnSource, type ProfileSource } from './source.js';
import { didYouMean } from './suggest.js';

/** API Script's namespace, and the RSSBus one that older files bind to the `rsb` prefix. */
export const apiScriptNamespaces = ['http://apiscript.com/ns?v1', 'http://www.rssbus.com/ns/rsbscript/2'];

const providerOperations: Record<string, DocumentFormat> = { jsonproviderget: 'json', xmlproviderget: 'xml' };
const skippedMethods = ['POST', 'PUT', 'MERGE', 'DELETE'];

/**
 * `api:set` attributes Coffer reads. FlattenArrays and FlattenObjects shape only the
 * columns a provider discovers by itself. Every Coffer column has an explicit path, so
 * they are accepted and change nothing.
 */
const setNames = [
  'URI', 'RepeatElement', 'XPath', 'JSONPath', 'DataModel', 'JSONFormat', 'FlattenArrays', 'FlattenObjects',
  ...pagingSetNames, 'MaxPages', 'method',
];

/** The input through which CData and Matillion profiles receive the next-page value. */
const nextPageInput = 'rows@next';

interface SetValue {
  value: string;
  location: SourceLocation;
  /** Set inside the api:check on rows@next, from the page the caller gave. */
  fromNextPage?: boolean;
}

/** Settings, uses of the next-page value and the provider call found on the GET path of a profile. */
interface ScriptState {
  sets: Map<string, SetValue>;
  nextUses: NextUse[];
  call?: { format: DocumentFormat; location: SourceLocation };
}

/**
 * Reads a `.rsd` API Script profile: `api:info` for the table and its columns, top-level
 * and GET `api:set` statements, `api:check` blocks on the next-page input `rows@next`, and
 * the provider call. Blocks for other methods are skipped. Any other statement on the GET
 * path raises an error with its line, because running a profile without it would return
 * different rows than the ETL tool does.
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

  const state: ScriptState = { sets: new Map(), nextUses: [] };
  const inputs: ReferenceValues = { connection: values.connection, inputs: mergeInputs(inputDefaults, values.inputs) };
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
  return buildSource(name, columns, state, at(root));
}

/** Merges the declared defaults with the query's inputs. Names match without regard to case, and an input wins over a default. */
function mergeInputs(defaults: Record<string, string>, inputValues: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of [...Object.entries(defaults), ...Object.entries(inputValues)]) merged[name.toLowerCase()] = value;
  return merged;
}

export function isApi(element: RsdElement, local: string): boolean {
  return apiScriptNamespaces.includes(element.uri) && element.local === local;
}

function checkNamespace(element: RsdElement, at: (element: RsdElement) => SourceLocation): void {
  if (element.uri.startsWith(undeclaredNamespace)) {
    profileError(at(element), `the prefix ${element.prefix} of <${element.qualifiedName}> is not declared; add xmlns:${element.prefix}="${apiScriptNamespaces[0]}"`);
  }
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
  } else if (isApi(element, 'check')) {
    readNextPageCheck(element, state, values, at);
  } else {
    profileError(
      at(element),
      `<${element.qualifiedName}> is not supported on the GET path; Coffer runs api:set, ` +
        `api:check attr="_input.${nextPageInput}" and api:call op="jsonproviderGet" or op="xmlproviderGet" with api:push`,
    );
  }
}

/**
 * Reads `<api:check attr="_input.rows@next">`, the block through which CData and Matillion
 * profiles move to the next page. Its body may only set URI to `[_input.rows@next]` or to
 * a URL with one query parameter `name=[_input.rows@next]`. The paginator then does the
 * same for each page. An `api:else` inside contains the `api:set` statements for the first page.
 * The body runs at load time only when the caller gives rows@next, which starts the query
 * at that page.
 */
function readNextPageCheck(element: RsdElement, state: ScriptState, values: ReferenceValues, at: (element: RsdElement) => SourceLocation): void {
  checkAttributes(element, ['attr'], at);
  const tested = (attribute(element, 'attr')?.value ?? '').trim();
  if (tested.replace(/^\[(.*)\]$/s, '$1').trim().toLowerCase() !== `_input.${nextPageInput}`) {
    profileError(
      at(element),
      `<${element.qualifiedName} attr=${JSON.stringify(tested)}> is not supported; Coffer runs api:check only on ` +
        `_input.${nextPageInput}, the next-page value`,
    );
  }
  const hasNext = (values.inputs[nextPageInput] ?? '') !== '';
  const elses = element.children.filter((child) => isApi(child, 'else'));
  if (elses.length > 1) profileError(at(elses[1]!), `an api:check takes one api:else`);
  for (const child of element.children) {
    checkNamespace(child, at);
    if (isApi(child, 'else')) {
      checkAttributes(child, [], at);
      for (const statement of child.children) {
        checkNamespace(statement, at);
        if (!isApi(statement, 'set')) {
          profileError(at(statement), `<${statement.qualifiedName}> is not supported inside api:else; use api:set for the first page`);
        }
        if (!hasNext) readSet(statement, state, values, at);
      }
      continue;
    }
    state.nextUses.push(readNextUse(child, at));
    if (hasNext) {
      readSet(child, state, values, at);
      state.sets.get('URI')!.fromNextPage = true;
    }
  }
}

/** Classifies one statement of a rows@next check, or raises an error naming it. */
function readNextUse(element: RsdElement, at: (element: RsdElement) => SourceLocation): NextUse {
  const location = at(element);
  const shapes = `set URI to [_input.${nextPageInput}] or to a URL with a query parameter name=[_input.${nextPageInput}]`;
  if (!isApi(element, 'set') || (attribute(element, 'attr')?.value.trim().toLowerCase() ?? '') !== 'uri') {
    profileError(location, `<${element.qualifiedName}> is not supported inside api:check on _input.${nextPageInput}; ${shapes}`);
  }
  const value = (attribute(element, 'value')?.value ?? element.text).trim();
  const reference = `\\[\\s*_input\\.${nextPageInput}\\s*\\]`;
  if (new RegExp(`^${reference}$`, 'i').test(value)) return { kind: 'url', location };
  const param = new RegExp(`[?&]([^=&#]+)=${reference}(?=$|[&#])`, 'i').exec(value);
  if (param !== null && value.split(new RegExp(reference, 'i')).length === 2) return { kind: 'param', name: param[1]!, location };
  return profileError(location, `api:set attr="URI" value=${JSON.stringify(value)} inside api:check is not supported; ${shapes}`);
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

function buildSource(name: string, columns: ColumnSource[], state: ScriptState, location: SourceLocation): ProfileSource {
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
    dataModel: readDataModel(sets.get('DataModel')),
    format: readFormat(state, sets.get('JSONFormat')),
    maxPages: defaultMaxPages,
    location,
  };
  const uri = sets.get('URI');
  if (uri !== undefined) source.uri = uri.value;
  if (uri?.fromNextPage === true) source.uriFromNextPage = true;
  const maxPages = sets.get('MaxPages');
  if (maxPages !== undefined) {
    const count = Number(maxPages.value);
    if (!Number.isInteger(count) || count < 1) profileError(maxPages.location, 'MaxPages must be a whole number ≥ 1');
    source.maxPages = count;
  }
  readRsdPagination(sets, state.nextUses, source);
  return source;
}

function readDataModel(set: SetValue | undefined): DataModel {
  if (set === undefined) return 'DOCUMENT';
  const text = set.value.trim().toUpperCase();
  if (!(dataModels as readonly string[]).includes(text)) {
    profileError(set.location, `unknown DataModel ${JSON.stringify(text)}${didYouMean(text, dataModels)}; use ${dataModels.join(', ')}`);
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
