interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  /** Minutes east of UTC, or undefined when the text gives no offset. */
  offset?: number;
}

/** Reads `count` decimal digits at `start`, or returns -1. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i) - 0x30;
    if (!(code >= 0 && code <= 9)) return -1;
    value = value * 10 + code;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Checks a `YYYY-MM-DD` date of a real calendar day without building its parts. */
function isDate(text: string): boolean {
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : monthDays[month - 1]!);
}

/**
 * Parses `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fff]]`, and
 * an offset (`Z`, `+HH:MM`, `+HHMM`). Written out by hand because it runs for every value
 * of a date column.
 */
function parse(text: string): Parts | undefined {
  if (text.length < 10 || text[4] !== '-' || text[7] !== '-') return undefined;
  const parts: Parts = {
    year: digitsAt(text, 0, 4),
    month: digitsAt(text, 5, 2),
    day: digitsAt(text, 8, 2),
    hour: 0,
    minute: 0,
    second: 0,
    fraction: '',
  };
  const { year, month, day } = parts;
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > (month === 2 && isLeapYear(year) ? 29 : monthDays[month - 1]!)) return undefined;
  let i = 10;
  const separator = text[i];
  if (separator === 'T' || separator === 't' || (separator === ' ' && /\d/.test(text[i + 1] ?? ''))) {
    parts.hour = digitsAt(text, i + 1, 2);
    parts.minute = text[i + 3] === ':' ? digitsAt(text, i + 4, 2) : -1;
    i += 6;
    if (text[i] === ':') {
      parts.second = digitsAt(text, i + 1, 2);
      i += 3;
      if (text[i] === '.' || text[i] === ',') {
        let end = i + 1;
        while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end += 1;
        if (end === i + 1) return undefined;
        parts.fraction = `.${text.slice(i + 1, end)}`;
        i = end;
      }
    }
    if (parts.hour < 0 || parts.hour > 23 || parts.minute < 0 || parts.minute > 59 || parts.second < 0 || parts.second > 59) {
      return undefined;
    }
  }
  while (text[i] === ' ') i += 1;
  if (i === text.length) return parts;
  return readOffset(text, i, parts);
}

function readOffset(text: string, i: number, parts: Parts): Parts | undefined {
  const rest = text.slice(i);
  if (rest === 'Z' || rest === 'z') {
    parts.offset = 0;
    return parts;
  }
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  parts.offset = (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  return parts;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Normalises an ISO 8601 date or date-time (`T` or a space between date and time, seconds
 * and fraction optional) to `YYYY-MM-DDTHH:MM:SS[.fff]`. A time with an offset is
 * converted to UTC and ends in `Z`; a time without one is kept as written, with no zone.
 */
export function normaliseDateTime(text: string): string | undefined {
  const parts = parse(text);
  if (parts === undefined) return undefined;
  let { year, month, day, hour, minute } = parts;
  if (parts.offset !== undefined && parts.offset !== 0) {
    // setUTCFullYear, unlike Date.UTC, does not read years 0 to 99 as 1900 to 1999.
    const utc = new Date(0);
    utc.setUTCFullYear(year, month - 1, day);
    utc.setUTCHours(hour, minute - parts.offset);
    year = utc.getUTCFullYear();
    month = utc.getUTCMonth() + 1;
    day = utc.getUTCDate();
    hour = utc.getUTCHours();
    minute = utc.getUTCMinutes();
  }
  const zone = parts.offset === undefined ? '' : 'Z';
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(parts.second)}${parts.fraction}${zone}`;
}

/** Normalises a date to `YYYY-MM-DD`; a date-time gives the calendar date it was written with. */
export function normaliseDate(text: string): string | undefined {
  if (text.length === 10) return isDate(text) ? text : undefined;
  const parts = parse(text);
  if (parts === undefined) return undefined;
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}
