import { QueryApiError, type QueryService } from './errors.js';
import type { Tag } from './identity-store.js';

/** Constraints of a string parameter, from the service model. */
export interface StringConstraint {
  /** Field name in messages, camel-cased as AWS writes it (`userName`). */
  field: string;
  min?: number;
  max?: number;
  /** Must match the whole value. */
  pattern?: RegExp;
  /** The pattern as the service model writes it, quoted in messages. */
  patternText?: string;
  /** Allowed values. */
  values?: readonly string[];
}

/** Constraints of an integer parameter. */
export interface IntegerConstraint {
  field: string;
  min: number;
  max: number;
}

/**
 * Reads the parameters of one Query API request and collects every constraint violation,
 * then reports them in one ValidationError the way IAM and STS word it:
 * `2 validation errors detected: Value 'x' at 'userName' failed to satisfy constraint:
 * Member must …; Value …`.
 */
export class QueryParameters {
  private readonly violations: string[] = [];
  private duplicateTagKey = false;

  constructor(
    private readonly params: Map<string, string>,
    private readonly service: QueryService,
  ) {}

  /** True when the request sent the parameter, even empty. */
  has(name: string): boolean {
    return this.params.has(name);
  }

  /** Names of every parameter the request sent. */
  names(): IterableIterator<string> {
    return this.params.keys();
  }

  /** A string parameter; records a violation when it is required and missing. */
  string(name: string, constraint: StringConstraint & { required: true }): string;
  string(name: string, constraint: StringConstraint & { required?: false }): string | undefined;
  string(name: string, constraint: StringConstraint & { required?: boolean }): string | undefined {
    const value = this.params.get(name);
    if (value === undefined) {
      if (constraint.required === true) this.violations.push(`Value null at '${constraint.field}' failed to satisfy constraint: Member must not be null`);
      return constraint.required === true ? '' : undefined;
    }
    this.checkString(value, constraint);
    return value;
  }

  /** Reads an integer parameter; undefined when absent. */
  integer(name: string, constraint: IntegerConstraint): number | undefined {
    const text = this.params.get(name);
    if (text === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(text)) {
      this.violations.push(`Value '${shown(text)}' at '${constraint.field}' failed to satisfy constraint: Member must be an integer`);
      return undefined;
    }
    const value = Number(text);
    if (value < constraint.min) {
      this.violations.push(
        `Value '${value}' at '${constraint.field}' failed to satisfy constraint: Member must have value greater than or equal to ${constraint.min}`,
      );
    }
    if (value > constraint.max) {
      this.violations.push(
        `Value '${value}' at '${constraint.field}' failed to satisfy constraint: Member must have value less than or equal to ${constraint.max}`,
      );
    }
    return value;
  }

  /**
   * Reads a list of tags sent as `NAME.member.N.Key` and `NAME.member.N.Value`, in member order.
   * At most 50 tags, keys of 1 to 128 and values of 0 to 256 letters, digits, spaces and
   * `_.:/=+-@`, as the IAM model allows.
   */
  tags(name: string, field: string): Tag[] {
    const members = this.members(name);
    if (members.length > 50) {
      this.violations.push(`Value '[${members.length} tags]' at '${field}' failed to satisfy constraint: Member must have length less than or equal to 50`);
    }
    const tags: Tag[] = [];
    const seen = new Set<string>();
    members.forEach((prefix, index) => {
      const key = this.params.get(`${prefix}.Key`);
      const value = this.params.get(`${prefix}.Value`) ?? '';
      const at = `${field}.${index + 1}.member`;
      if (key === undefined) {
        this.violations.push(`Value null at '${at}.key' failed to satisfy constraint: Member must not be null`);
        return;
      }
      this.checkString(key, { field: `${at}.key`, min: 1, max: 128, pattern: tagPattern, patternText: tagPatternText + '+' });
      this.checkString(value, { field: `${at}.value`, min: 0, max: 256, pattern: tagValuePattern, patternText: tagPatternText + '*' });
      if (seen.has(key.toLowerCase())) this.duplicateTagKey = true;
      seen.add(key.toLowerCase());
      tags.push({ Key: key, Value: value });
    });
    return tags;
  }

  /** Adds a violation worded by the caller. */
  reject(message: string): void {
    this.violations.push(message);
  }

  /**
   * Throws the ValidationError for every violation recorded so far, or InvalidInput for a
   * repeated tag key. Values returned before this call may be placeholders.
   */
  check(): void {
    if (this.violations.length === 0) {
      if (this.duplicateTagKey) {
        throw new QueryApiError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', this.service);
      }
      return;
    }
    const count = this.violations.length;
    const heading = `${count} validation error${count === 1 ? '' : 's'} detected: `;
    throw new QueryApiError('ValidationError', heading + this.violations.join('; '), this.service);
  }

  /** Prefixes `NAME.member.N` that the request sent, in order of N. */
  private members(name: string): string[] {
    const numbers = new Set<number>();
    const prefix = `${name}.member.`;
    for (const key of this.params.keys()) {
      if (!key.startsWith(prefix)) continue;
      const match = /^(\d{1,4})(\.|$)/.exec(key.slice(prefix.length));
      if (match !== null) numbers.add(Number(match[1]));
    }
    return [...numbers].sort((a, b) => a - b).map((n) => `${prefix}${n}`);
  }

  private checkString(value: string, constraint: StringConstraint): void {
    const { field } = constraint;
    const length = [...value].length;
    if (constraint.values !== undefined && !constraint.values.includes(value)) {
      this.violations.push(
        `Value '${shown(value)}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${constraint.values.join(', ')}]`,
      );
      return;
    }
    if (constraint.min !== undefined && length < constraint.min) {
      this.violations.push(
        `Value '${shown(value)}' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${constraint.min}`,
      );
    }
    if (constraint.max !== undefined && length > constraint.max) {
      this.violations.push(
        `Value '${shown(value)}' at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${constraint.max}`,
      );
    }
    if (constraint.pattern !== undefined && value !== '' && !constraint.pattern.test(value)) {
      this.violations.push(
        `Value '${shown(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${constraint.patternText ?? constraint.pattern.source}`,
      );
    }
  }
}

/** Quotes a value for a message, cutting long values such as policy documents short. */
function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}...` : value;
}

const tagPatternText = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]';
const tagPattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const tagValuePattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Name of a user, role or policy: `[\w+=,.@-]+`. */
export const namePattern = /^[\w+=,.@-]+$/;
export const namePatternText = '[\\w+=,.@-]+';

/** Path of a user or role: `/` or `/…/` with printable ASCII between. */
export const pathPattern = /^(?:\/|\/[\x21-\x7e]+\/)$/;
export const pathPatternText = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';

export const pathPrefixPattern = /^\/[\x21-\x7f]*$/;
export const pathPrefixPatternText = '\\u002F[\\u0021-\\u007F]*';

/** Text allowed in a policy document: tab, line feed, carriage return and U+0020 to U+00FF. */
export const policyDocumentPattern = /^[\t\n\r\x20-\xff]+$/;
export const policyDocumentPatternText = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

export const markerPattern = /^[\x20-\xff]+$/;
export const markerPatternText = '[\\u0020-\\u00FF]+';

export const accessKeyIdPattern = /^\w+$/;
export const accessKeyIdPatternText = '[\\w]+';
