import type { PaginationSpec, SourceLocation } from '../engine-types.js';
import { parsePath } from '../path/parse-path.js';
import { PathSyntaxError } from '../path/path-error.js';
import { profileError } from './profile-error.js';
import { didYouMean } from './suggest.js';

export const paginationKinds = ['next-url', 'link-header', 'offset', 'page-number', 'cursor'] as const;

/** One pagination setting as written, with where it was written. */
export interface PaginationField {
  value: string | number;
  location: SourceLocation;
}

/** Settings each kind needs and may take, by their JSON/YAML profile names. */
const fieldsByKind: Record<PaginationSpec['kind'], { required: string[]; optional: string[] }> = {
  'next-url': { required: ['nextPath'], optional: [] },
  'link-header': { required: [], optional: [] },
  offset: { required: ['param', 'pageSize'], optional: ['sizeParam', 'start'] },
  'page-number': { required: ['param'], optional: ['sizeParam', 'pageSize', 'start'] },
  cursor: { required: ['param', 'nextPath'], optional: [] },
};

/**
 * Builds a PaginationSpec from named settings (`type`, `nextPath`, `param`, `pageSize`,
 * `sizeParam`, `start`). `names` maps those names to how the profile spells them, so
 * errors quote the profile's own words.
 */
export function buildPagination(
  kind: PaginationField,
  fields: Map<string, PaginationField>,
  names: Record<string, string>,
): PaginationSpec {
  const kindName = String(kind.value);
  if (!(paginationKinds as readonly string[]).includes(kindName)) {
    profileError(
      kind.location,
      `unknown pagination type ${JSON.stringify(kindName)}${didYouMean(kindName, paginationKinds)}; ` +
        `use one of ${paginationKinds.join(', ')}`,
    );
  }
  const spec = fieldsByKind[kindName as PaginationSpec['kind']];
  for (const [name, field] of fields) {
    if (!spec.required.includes(name) && !spec.optional.includes(name)) {
      profileError(field.location, `${names[name]} does not apply to ${kindName} pagination`);
    }
  }
  for (const name of spec.required) {
    if (!fields.has(name)) profileError(kind.location, `${kindName} pagination needs ${names[name]}`);
  }
  const text = (name: string): string => String(fields.get(name)!.value);
  const count = (name: string, fallback: number): number => {
    const field = fields.get(name);
    if (field === undefined) return fallback;
    const value = Number(field.value);
    if (!Number.isInteger(value) || value < 0) profileError(field.location, `${names[name]} must be a whole number ≥ 0`);
    return value;
  };
  const nextPath = (): string => {
    const field = fields.get('nextPath')!;
    const path = String(field.value);
    try {
      const parsed = parsePath(path, 'jsonpath');
      if (!parsed.absolute) profileError(field.location, `${names.nextPath} must be an absolute path ($... or /...)`);
    } catch (error) {
      if (error instanceof PathSyntaxError) profileError(field.location, error.message);
      throw error;
    }
    return path;
  };
  const optional = <T extends object>(base: T, name: string, value: string | number | undefined): T =>
    value === undefined ? base : { ...base, [name]: value };

  switch (kindName as PaginationSpec['kind']) {
    case 'next-url':
      return { kind: 'next-url', nextPath: nextPath() };
    case 'link-header':
      return { kind: 'link-header' };
    case 'cursor':
      return { kind: 'cursor', param: text('param'), nextPath: nextPath() };
    case 'offset': {
      const base = { kind: 'offset' as const, param: text('param'), pageSize: count('pageSize', 0), start: count('start', 0) };
      if (base.pageSize === 0) profileError(fields.get('pageSize')!.location, `${names.pageSize} must be at least 1`);
      return optional(base, 'sizeParam', fields.has('sizeParam') ? text('sizeParam') : undefined);
    }
    case 'page-number': {
      let result: PaginationSpec = { kind: 'page-number', param: text('param'), start: count('start', 1) };
      result = optional(result, 'sizeParam', fields.has('sizeParam') ? text('sizeParam') : undefined);
      return optional(result, 'pageSize', fields.has('pageSize') ? count('pageSize', 0) : undefined);
    }
  }
}
