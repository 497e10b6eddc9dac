import type { IncomingHttpHeaders } from 'node:http';

/** One field of a POST form, as the client named it. */
export interface FormField {
  name: string;
  value: string;
}

/** Variable that S3 replaces with the uploaded file's name in every field. */
const filenameVariable = '${filename}';

/**
 * Fields that came before the file. Names compare without regard to case, as S3 reads POST
 * forms. A name sent more than once gives its values joined by commas, which is the value a
 * policy condition must name.
 */
export class FormFields {
  private readonly byName = new Map<string, { name: string; values: string[] }>();

  constructor(fields: readonly FormField[]) {
    for (const field of fields) {
      const lower = field.name.toLowerCase();
      const entry = this.byName.get(lower);
      if (entry === undefined) this.byName.set(lower, { name: field.name, values: [field.value] });
      else entry.values.push(field.value);
    }
  }

  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.values.join(',');
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Returns each field once, with its name as first spelled and its lower-cased name. */
  entries(): Array<{ name: string; lowerName: string; value: string }> {
    return [...this.byName].map(([lowerName, entry]) => ({ name: entry.name, lowerName, value: entry.values.join(',') }));
  }

  /**
   * Returns the fields with `${filename}` replaced by the uploaded file's name, as S3 expands
   * every field before it checks the policy. Without a name (a file sent as a plain field), the
   * variable stays as written, because S3 stores it that way.
   */
  withFilename(filename: string | undefined): FormFields {
    if (filename === undefined) return this;
    const expanded: FormField[] = [];
    for (const entry of this.byName.values()) {
      for (const value of entry.values) expanded.push({ name: entry.name, value: value.replaceAll(filenameVariable, filename) });
    }
    return new FormFields(expanded);
  }

  /** Returns the fields as lower-cased request headers, so the header readers of PutObject apply. */
  asHeaders(): IncomingHttpHeaders {
    const headers: IncomingHttpHeaders = {};
    for (const { lowerName, value } of this.entries()) headers[lowerName] = value;
    return headers;
  }
}

/**
 * Returns the name `${filename}` stands for: the part after the last slash or backslash of the
 * name the client sent, because some browsers send a whole path.
 */
export function uploadedFileName(sent: string | undefined): string | undefined {
  if (sent === undefined) return undefined;
  return sent.slice(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
}
