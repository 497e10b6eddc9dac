import type { PaginationSpec, SourceLocation } from '../engine-types.js';
import { buildPagination, paginationKinds, type PaginationField } from './pagination.js';
import { profileError } from './profile-error.js';
import type { ProfileSource } from './source.js';

/** A paging setting of a `.rsd` profile as written, with where it was written. */
export interface RsdSetting {
  value: string;
  location: SourceLocation;
}

/**
 * One use of the next-page value in an `api:check attr="_input.rows@next"` block: the
 * next URL (`URI` set to `[_input.rows@next]`), or the value of one query parameter
 * (`URI` set to a URL with `name=[_input.rows@next]`).
 */
export type NextUse = { kind: 'url'; location: SourceLocation } | { kind: 'param'; name: string; location: SourceLocation };

/**
 * The `api:set` names that configure paging. `Pagination`, `PageNextPath` and `PageParam`
 * are Coffer's own. `EnablePaging`, `PageUrlPath`, `PageOffsetParam`, `PageNumberParam`,
 * `PageTokenPath` and `PageTokenParam` follow the profiles that CData and Matillion write,
 * and each of the `Page*` ones implies the paging kind.
 * NOTE: these ETL names come from public descriptions of such profiles and are not
 * confirmed against CData's reference.
 */
export const pagingSetNames = [
  'Pagination', 'EnablePaging', 'PageNextPath', 'PageUrlPath', 'PageParam', 'PageOffsetParam', 'PageNumberParam',
  'PageTokenPath', 'PageTokenParam', 'PageSize', 'PageSizeParam', 'PageStart',
];

/** The PaginationSpec field each paging name sets. */
const fieldOfName: Record<string, string> = {
  PageNextPath: 'nextPath',
  PageUrlPath: 'nextPath',
  PageTokenPath: 'nextPath',
  PageParam: 'param',
  PageOffsetParam: 'param',
  PageNumberParam: 'param',
  PageTokenParam: 'param',
  PageSize: 'pageSize',
  PageSizeParam: 'sizeParam',
  PageStart: 'start',
};

/** The paging kind that an ETL-style name implies. */
const kindOfName: Record<string, PaginationSpec['kind']> = {
  PageUrlPath: 'next-url',
  PageOffsetParam: 'offset',
  PageNumberParam: 'page-number',
  PageTokenPath: 'cursor',
  PageTokenParam: 'cursor',
};

/** Field names for errors about a field the profile did not write, in the kind's own vocabulary. */
const etlNamesByKind: Partial<Record<PaginationSpec['kind'], Record<string, string>>> = {
  'next-url': { nextPath: 'PageUrlPath' },
  cursor: { nextPath: 'PageTokenPath', param: 'PageTokenParam' },
  offset: { param: 'PageOffsetParam' },
  'page-number': { param: 'PageNumberParam' },
};
const cofferNames: Record<string, string> = {
  nextPath: 'PageNextPath',
  param: 'PageParam',
  pageSize: 'PageSize',
  sizeParam: 'PageSizeParam',
  start: 'PageStart',
};

/**
 * Sets `source.pagination` from the paging settings of a `.rsd` profile and checks that
 * every `api:check` on `_input.rows@next` agrees with it. The kind is `Pagination` when
 * set, else the one the ETL-style names imply. `EnablePaging` set to false turns paging
 * off whatever else the profile sets.
 */
export function readRsdPagination(settings: Map<string, RsdSetting>, uses: NextUse[], source: ProfileSource): void {
  const enable = settings.get('EnablePaging');
  if (enable !== undefined && !readBoolean(enable)) return;

  const fields = new Map<string, PaginationField>();
  const written: Record<string, string> = {};
  for (const [name, field] of Object.entries(fieldOfName)) {
    const setting = settings.get(name);
    if (setting === undefined) continue;
    const earlier = written[field];
    if (earlier !== undefined) {
      profileError(setting.location, `${earlier} and ${name} both set the same paging value; keep one of them`);
    }
    written[field] = name;
    fields.set(field, { value: setting.value.trim(), location: setting.location });
  }

  const kind = readKind(settings, uses, enable);
  if (kind === undefined) return;
  if (kind.value === 'cursor' && !fields.has('param')) {
    // A token profile may leave the parameter name to the URL the rows@next check builds.
    const params = uses.filter((use) => use.kind === 'param');
    if (params.length === 1) fields.set('param', { value: params[0]!.name, location: params[0]!.location });
  }
  const names = { ...cofferNames, ...(settings.has('Pagination') ? {} : etlNamesByKind[kind.value as PaginationSpec['kind']]), ...written };
  const spec = buildPagination(kind, fields, names);
  for (const use of uses) checkUse(use, spec);
  source.pagination = spec;
  source.paginationLocation = kind.location;
}

function readBoolean(setting: RsdSetting): boolean {
  const text = setting.value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return profileError(setting.location, `EnablePaging must be true or false; got ${JSON.stringify(setting.value)}`);
}

/** Returns the paging kind with the setting that decided it, or undefined for no paging. */
function readKind(settings: Map<string, RsdSetting>, uses: NextUse[], enable: RsdSetting | undefined): PaginationField | undefined {
  const explicit = settings.get('Pagination');
  if (explicit !== undefined) return { value: explicit.value.trim(), location: explicit.location };

  let implied: { name: string; kind: PaginationSpec['kind']; location: SourceLocation } | undefined;
  for (const [name, kind] of Object.entries(kindOfName)) {
    const setting = settings.get(name);
    if (setting === undefined) continue;
    if (implied !== undefined && implied.kind !== kind) {
      profileError(setting.location, `${implied.name} (${implied.kind} paging) and ${name} (${kind} paging) do not go together; keep the settings of one kind`);
    }
    implied ??= { name, kind, location: setting.location };
  }
  if (implied !== undefined) return { value: implied.kind, location: implied.location };

  const styleHint = 'set PageUrlPath, PageOffsetParam with PageSize, PageNumberParam, or PageTokenPath with PageTokenParam';
  const urlUse = uses.find((use) => use.kind === 'url');
  if (urlUse !== undefined) {
    profileError(urlUse.location, `the api:check sets URI to [_input.rows@next], but the profile does not say where the next URL is; set PageUrlPath (or Pagination)`);
  }
  if (uses.length > 0) profileError(uses[0]!.location, `the api:check reads [_input.rows@next], but the profile sets no paging kind; ${styleHint}`);
  if (enable !== undefined) profileError(enable.location, `EnablePaging needs a paging kind; ${styleHint}`);
  const stray = Object.keys(fieldOfName).map((name) => settings.get(name)).find((setting) => setting !== undefined);
  if (stray !== undefined) {
    profileError(stray.location, `set Pagination (${paginationKinds.join(', ')}) to use the Page* settings`);
  }
  return undefined;
}

/** Rejects an `api:check` whose use of the next-page value does not fit the paging kind. */
function checkUse(use: NextUse, spec: PaginationSpec): void {
  if (use.kind === 'url') {
    if (spec.kind !== 'next-url' && spec.kind !== 'link-header') {
      profileError(use.location, `the api:check sets URI to [_input.rows@next], a next URL, but the paging kind is ${spec.kind}; set PageUrlPath for next-URL paging`);
    }
    return;
  }
  if (spec.kind === 'next-url' || spec.kind === 'link-header') {
    profileError(use.location, `the api:check puts [_input.rows@next] in the parameter ${use.name}, but ${spec.kind} paging gives a whole URL; set URI to [_input.rows@next]`);
  }
  if (spec.param !== use.name) {
    profileError(use.location, `the api:check puts [_input.rows@next] in the parameter ${use.name}, but the ${spec.kind} paging parameter is ${spec.param}`);
  }
}
