import { stringify } from 'yaml';

import type { ColumnType, DocumentFormat } from '../engine-types.js';
import { chooseType, isKey, type ColumnGuess } from './column-guess.js';

/** A draft profile in neutral form: paths as step lists, so each output form can write its own syntax. */
export interface DraftProfile {
  name: string;
  format: DocumentFormat;
  /** Steps from the root to the records: names, `[*]` for arrays (JSON). */
  repeat: string[];
  columns: ColumnGuess[];
  records: number;
}

interface DraftColumn {
  name: string;
  type: ColumnType;
  key: boolean;
  guess: ColumnGuess;
}

function draftColumns(draft: DraftProfile): DraftColumn[] {
  return draft.columns.map((guess) => ({ name: guess.name, type: chooseType(guess), key: isKey(guess, draft.records), guess }));
}

const plainName = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function jsonPathOf(steps: string[], absolute: boolean): string {
  let text = absolute ? '$' : '';
  for (const step of steps) {
    if (step === '[*]') text += '[*]';
    else if (step === '.') continue;
    else if (plainName.test(step)) text += text === '' ? step : `.${step}`;
    else text += `['${step.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return text === '' ? '@' : text;
}

function xpathOf(steps: string[]): string {
  return steps.filter((step) => step !== '[*]').join('/');
}

/** Writes the draft as a JSON or YAML profile. */
export function writeObjectProfile(draft: DraftProfile, as: 'json' | 'yaml'): string {
  const xml = draft.format === 'xml';
  const profile = {
    name: draft.name,
    format: draft.format,
    repeat: xml ? `/${xpathOf(draft.repeat)}` : draft.format === 'ndjson' ? '$' : jsonPathOf(draft.repeat, true),
    dataModel: 'DOCUMENT',
    columns: draftColumns(draft).map((column) => ({
      name: column.name,
      path: xml ? xpathOf(column.guess.steps) || '.' : jsonPathOf(column.guess.steps, false),
      type: column.type,
      ...(column.key ? { key: true } : {}),
    })),
  };
  return as === 'json' ? `${JSON.stringify(profile, null, 2)}\n` : stringify(profile);
}

const xmlName = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\[/g, '\\[').replace(/\]/g, '\\]');
}

/**
 * Writes the draft as an API Script profile in the style ETL tools generate: absolute
 * `other:xPath` paths, `/json/...` for JSON. A JSON key that is not an XML name cannot be
 * written as an XPath step, so its column is left out with a comment that says so.
 */
export function writeRsdProfile(draft: DraftProfile): string {
  const xml = draft.format === 'xml';
  const root = xml ? `/${xpathOf(draft.repeat)}` : ['/json', ...draft.repeat.filter((step) => step !== '[*]')].join('/');
  const lines = [
    '<api:script xmlns:api="http://apiscript.com/ns?v1" xmlns:xs="http://www.cdata.com/ns/rsbscript/2">',
    `  <api:info title="${escapeAttribute(draft.name)}" desc="Draft inferred from ${draft.records} sample records; check the types and keys." xmlns:other="http://apiscript.com/ns?v1">`,
  ];
  for (const column of draftColumns(draft)) {
    const steps = column.guess.steps.filter((step) => step !== '.');
    if (!steps.every((step) => xmlName.test(step.replace(/^@/, '')))) {
      lines.push(`    <!-- the key path ${escapeComment(JSON.stringify(steps))} is not an XPath; column ${escapeComment(column.name)} is left out -->`);
      continue;
    }
    const path = steps.length === 0 ? root : `${root}/${steps.join('/')}`;
    const key = column.key ? ' key="true"' : '';
    lines.push(`    <attr name="${escapeAttribute(column.name)}" xs:type="${column.type}"${key} other:xPath="${escapeAttribute(path)}" />`);
  }
  lines.push('  </api:info>', '');
  lines.push(`  <api:set attr="RepeatElement" value="${escapeAttribute(root)}" />`);
  lines.push('  <api:set attr="DataModel" value="DOCUMENT" />');
  if (draft.format === 'ndjson') lines.push('  <api:set attr="JSONFormat" value="LDJSON" />');
  lines.push(
    '',
    '  <api:script method="GET">',
    `    <api:call op="${xml ? 'xmlproviderGet' : 'jsonproviderGet'}">`,
    '      <api:push/>',
    '    </api:call>',
    '  </api:script>',
    '</api:script>',
    '',
  );
  return lines.join('\n');
}

function escapeComment(text: string): string {
  return text.replace(/--/g, '- -');
}
