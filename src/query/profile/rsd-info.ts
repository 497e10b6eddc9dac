import type { ColumnType, SourceLocation } from '../engine-types.js';
import { columnTypeNames, resolveColumnType } from './column-types.js';
import { profileError } from './profile-error.js';
import { undeclaredNamespace, type RsdAttribute, type RsdElement } from './rsd-tree.js';
import type { ColumnSource } from './source.js';
import { didYouMean } from './suggest.js';

const attrAttributes = ['name', 'type', 'xPath', 'key', 'required', 'readonly', 'columnsize', 'decimaldigits', 'desc'];
const inputAttributes = ['name', 'type', 'desc', 'default', 'required', 'values', 'columnsize', 'decimaldigits', 'key'];

/** Finds an attribute by local name: generated files vary in the prefixes of `xs:type` and `other:xPath`. */
export function attribute(element: RsdElement, local: string): RsdAttribute | undefined {
  return element.attributes.find((candidate) => candidate.local === local && candidate.prefix !== 'xmlns');
}

export function checkAttributes(element: RsdElement, allowed: string[], at: (element: RsdElement) => SourceLocation): void {
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

/** Reads `api:info`: the table name, the columns, and the declared inputs with their defaults. */
export function readInfo(info: RsdElement, at: (element: RsdElement) => SourceLocation) {
  const title = attribute(info, 'title')?.value.trim();
  if (title === undefined || title === '') profileError(at(info), 'api:info needs a title: the table name');
  const columns: ColumnSource[] = [];
  const inputNames: string[] = [];
  const inputDefaults: Record<string, string> = {};
  for (const child of info.children) {
    if (child.local === 'attr' && !child.uri.startsWith(undeclaredNamespace)) {
      columns.push(readAttr(child, at));
    } else if (child.local === 'input') {
      checkAttributes(child, inputAttributes, at);
      const name = attribute(child, 'name')?.value;
      if (name === undefined) profileError(at(child), '<input> needs a name');
      inputNames.push(name);
      const fallback = attribute(child, 'default')?.value;
      if (fallback !== undefined) inputDefaults[name] = fallback;
    } else {
      profileError(at(child), `<${child.qualifiedName}> is not supported inside api:info; use attr and input`);
    }
  }
  if (columns.length === 0) profileError(at(info), 'api:info declares no columns (attr elements)');
  return { name: title, columns, inputNames, inputDefaults };
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
