/** A value of an AWS INI file: text, or for an indented block such as `s3 =` its own keys. */
export type IniValue = string | Record<string, string>;

/** Sections by name, each a map of lower-case keys to values. */
export type IniFile = Map<string, Map<string, IniValue>>;

/** A line the parser cannot read; the message names the file and line. */
export class IniSyntaxError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'IniSyntaxError';
  }
}

const sectionLine = /^\[(.+)\]$/;

/**
 * Parses `~/.aws/config` and `~/.aws/credentials` as aws-cli reads them (Python's
 * configparser): `[section]` headers, `key = value` or `key: value` lines split at the first
 * `=` or `:`, full-line comments starting with `#` or `;`, and indented lines continuing the
 * previous value. A value that starts with an indented block, such as
 *
 *     s3 =
 *       addressing_style = path
 *
 * becomes a nested map. Keys are case-insensitive; section names are not. A `#` after a
 * value is part of the value, as in aws-cli. Where aws-cli refuses a repeated section or
 * key, this parser merges sections and lets the later key win, as the AWS SDKs do.
 */
export function parseIni(text: string, file: string): IniFile {
  const sections: IniFile = new Map();
  let section: Map<string, IniValue> | undefined;
  let lastKey: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;

    const indented = /^\s/.test(line);
    if (indented && section !== undefined && lastKey !== undefined) {
      const previous = section.get(lastKey);
      section.set(lastKey, `${typeof previous === 'string' ? previous : ''}\n${trimmed}`);
      return;
    }

    const header = sectionLine.exec(trimmed);
    if (header !== null) {
      const name = header[1]!.trim();
      if (name === '') throw new IniSyntaxError(file, lineNumber, 'a section header needs a name');
      section = sections.get(name);
      if (section === undefined) {
        section = new Map();
        sections.set(name, section);
      }
      lastKey = undefined;
      return;
    }

    const delimiter = trimmed.search(/[=:]/);
    if (delimiter === -1) {
      throw new IniSyntaxError(file, lineNumber, `expected "[section]" or "key = value", found ${JSON.stringify(trimmed.slice(0, 60))}`);
    }
    if (section === undefined) {
      throw new IniSyntaxError(file, lineNumber, 'a setting comes before the first [section] header');
    }
    const key = trimmed.slice(0, delimiter).trim().toLowerCase();
    if (key === '') throw new IniSyntaxError(file, lineNumber, 'a setting has no name before its "="');
    section.set(key, trimmed.slice(delimiter + 1).trim());
    lastKey = key;
  });

  for (const values of sections.values()) {
    for (const [key, value] of values) {
      if (typeof value === 'string' && value.startsWith('\n')) values.set(key, parseNested(value));
    }
  }
  return sections;
}

/** Parses an indented block: one `key = value` per line. */
function parseNested(block: string): Record<string, string> {
  // No prototype, so a key such as __proto__ is an ordinary key.
  const nested = Object.create(null) as Record<string, string>;
  for (const line of block.split('\n')) {
    const equals = line.indexOf('=');
    if (equals === -1) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    if (key !== '') nested[key] = line.slice(equals + 1).trim();
  }
  return nested;
}
