import type { CompiledProfile, SourceLocation } from '../engine-types.js';
import type { ColumnPlan, ExtractionPlan, LevelPlan } from '../extract/plan.js';
import { parsePath } from '../path/parse-path.js';
import { PathSyntaxError } from '../path/path-error.js';
import { sameStep, type Path, type Step } from '../path/steps.js';
import { profileError } from './profile-error.js';
import type { ProfileSource } from './source.js';
import { attachPlan } from './plan-store.js';
import { buildTables } from './tables.js';

/**
 * Compiles a profile: parses every path, arranges the repeat paths into levels, assigns
 * each column to the level whose records contain it, and builds the table schemas.
 */
export function compileProfile(source: ProfileSource, connection: Record<string, string>): CompiledProfile {
  const file = source.location.file;
  const recordPaths = source.repeat.map(({ path, location }) => parseAt(path, 'jsonpath', location));
  for (const [i, path] of recordPaths.entries()) {
    if (!path.absolute) profileError(source.repeat[i]!.location, `the repeat path ${JSON.stringify(path.text)} must be absolute ($... or /...)`);
    if (path.language !== recordPaths[0]!.language) {
      profileError(source.repeat[i]!.location, 'the repeat paths mix JSONPath and XPath; write them in one language');
    }
  }
  const language = recordPaths[0]!.language;
  const { roots, levels } = arrangeLevels(recordPaths, source);

  const columns: ColumnPlan[] = [];
  const documentPaths: Path[] = [];
  const seen = new Set<string>();
  for (const column of source.columns) {
    const lower = column.name.toLowerCase();
    if (seen.has(lower)) profileError(column.location, `the column name ${column.name} is declared twice`);
    seen.add(lower);
    const path = parseAt(column.path, language, column.location);
    if (path.absolute && path.language !== language) {
      profileError(column.location, `the path ${JSON.stringify(path.text)} is ${path.language === 'xpath' ? 'an XPath' : 'a JSONPath'}, but the repeat path is not; write it relative or in the repeat path's language`);
    }
    const base = {
      name: column.name,
      type: column.type,
      key: column.key,
      required: column.required,
      location: column.location,
      pathText: column.path,
    };
    const placed = placeColumn(path, roots, levels);
    if (placed !== undefined) {
      placed.level.columns.push(columns.length);
      columns.push({ ...base, source: { kind: 'record', ...placed } });
      continue;
    }
    checkDocumentPath(path, roots, column.location);
    columns.push({ ...base, source: { kind: 'document', documentIndex: documentPaths.length } });
    documentPaths.push(path);
  }

  const plan: ExtractionPlan = { recordPaths: roots.map((root) => root.path), root: roots[0]!.level, columns, documentPaths, file };
  const profile: CompiledProfile = {
    name: source.name,
    dataModel: source.dataModel,
    tables: buildTables(source.name, plan, source.dataModel, source.location),
    maxPages: source.maxPages,
    location: source.location,
  };
  const uri = source.uri ?? connection.uri;
  if (uri !== undefined) profile.uri = uri;
  if (source.format !== undefined) profile.format = source.format;
  if (source.pagination !== undefined) profile.pagination = source.pagination;
  return attachPlan(profile, plan);
}

function parseAt(text: string, language: Path['language'], location: SourceLocation): Path {
  try {
    return parsePath(text, language);
  } catch (error) {
    if (error instanceof PathSyntaxError) profileError(location, error.message);
    throw error;
  }
}

/**
 * Returns the steps of `full` after `prefix`, or undefined when `prefix` is not a prefix.
 * A JSONPath prefix that stops at an array (`$.books`) selects its elements, so a `[*]`
 * right after it in `full` is skipped.
 */
export function remainder(prefix: Path, full: Path): Step[] | undefined {
  if (prefix.steps.length > full.steps.length) return undefined;
  for (let i = 0; i < prefix.steps.length; i++) {
    if (!sameStep(prefix.steps[i]!, full.steps[i]!)) return undefined;
  }
  let rest = full.steps.slice(prefix.steps.length);
  const last = prefix.steps.at(-1);
  if (prefix.language === 'jsonpath' && rest[0]?.kind === 'each' && last?.kind !== 'each' && last?.kind !== 'index') {
    rest = rest.slice(1);
  }
  return rest;
}

function relativePath(steps: Step[], language: Path['language']): Path {
  const text = steps.length === 0 ? '.' : steps.map((step) => describeStep(step, language)).join(language === 'xpath' ? '/' : '');
  return { language, absolute: false, steps, text };
}

function describeStep(step: Step, language: Path['language']): string {
  const prefixed = (name: string, prefix?: string) => (prefix === undefined ? name : `${prefix}:${name}`);
  const index = (value?: number) => (value === undefined ? '' : `[${value}]`);
  switch (step.kind) {
    case 'name':
      return language === 'xpath' ? prefixed(step.name, step.prefix) + index(step.index) : `['${step.name}']`;
    case 'any':
      return language === 'xpath' ? `*${index(step.index)}` : '.*';
    case 'attribute':
      return `@${prefixed(step.name, step.prefix)}`;
    case 'index':
      return `[${step.index}]`;
    case 'each':
      return '[*]';
  }
}

interface Placed {
  path: Path;
  level: LevelPlan;
}

/** Builds the level tree from the repeat paths: each nests under the longest one that prefixes it. */
function arrangeLevels(paths: Path[], source: ProfileSource): { roots: Placed[]; levels: Placed[] } {
  const levels: Placed[] = paths.map((path) => ({ path, level: { name: '', columns: [], children: [] } }));
  const roots: Placed[] = [];
  for (const [i, entry] of levels.entries()) {
    let parent: Placed | undefined;
    let parentRest: Step[] | undefined;
    for (const candidate of levels) {
      if (candidate === entry) continue;
      const rest = remainder(candidate.path, entry.path);
      if (rest === undefined || rest.length === 0) continue;
      if (parent === undefined || candidate.path.steps.length > parent.path.steps.length) {
        parent = candidate;
        parentRest = rest;
      }
    }
    if (parent === undefined) {
      // Several top-level repeat paths fill one table, so they share one level.
      if (roots.length > 0) entry.level = roots[0]!.level;
      roots.push(entry);
      entry.level.name = source.name;
      continue;
    }
    entry.level.path = relativePath(parentRest!, entry.path.language);
    entry.level.name = levelName(parentRest!);
    parent.level.children.push(entry.level);
    if (levels.indexOf(parent) > i) {
      profileError(source.repeat[i]!.location, `list the repeat path ${parent.path.text} before ${entry.path.text}, which nests in it`);
    }
  }
  if (roots.length > 1 && roots.length < levels.length) {
    profileError(source.repeat[0]!.location, 'several top-level repeat paths cannot be combined with nested ones');
  }
  return { roots, levels };
}

function levelName(steps: Step[]): string {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'name') return step.name;
  }
  return 'items';
}

/** Finds the deepest level whose records contain the column's path. */
function placeColumn(path: Path, roots: Placed[], levels: Placed[]): { level: LevelPlan; fromLevel: Path; fromRoot: Path } | undefined {
  let absolute: Path;
  let root: Placed;
  if (path.absolute) {
    const found = roots.find((candidate) => remainder(candidate.path, path) !== undefined);
    if (found === undefined) return undefined;
    root = found;
    absolute = path;
  } else {
    root = roots[0]!;
    absolute = { ...path, absolute: true, steps: [...root.path.steps, ...path.steps] };
  }
  let best = root;
  for (const candidate of levels) {
    if (remainder(candidate.path, absolute) !== undefined && candidate.path.steps.length > best.path.steps.length) {
      best = candidate;
    }
  }
  const fromRoot = path.absolute ? relativePath(remainder(root.path, absolute)!, path.language) : path;
  const fromLevel = best === root ? fromRoot : relativePath(remainder(best.path, absolute)!, path.language);
  return { level: best.level, fromLevel, fromRoot };
}

/**
 * A document path is read while streaming, outside the records. One that contains the
 * records would keep every record in memory, so it is rejected, unless it only reads an
 * attribute of an enclosing element.
 */
function checkDocumentPath(path: Path, roots: Placed[], location: SourceLocation): void {
  if (!path.absolute) return;
  const elementPath = path.steps.at(-1)?.kind === 'attribute' ? { ...path, steps: path.steps.slice(0, -1) } : undefined;
  for (const root of roots) {
    if (elementPath === undefined && remainder(path, root.path) !== undefined) {
      profileError(location, `the path ${JSON.stringify(path.text)} contains the records of ${root.path.text}; point it at a value outside them or inside each record`);
    }
  }
}
