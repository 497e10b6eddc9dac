const pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

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
  hasTime: boolean;
}

function parse(text: string): Parts | undefined {
  const match = pattern.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const parts: Parts = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    fraction: fraction ?? '',
    hasTime: hour !== undefined,
  };
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') parts.offset = 0;
    else {
      const digits = zone.replace(':', '');
      const sign = digits[0] === '-' ? -1 : 1;
      const hours = Number(digits.slice(1, 3));
      const minutes = Number(digits.slice(3, 5));
      if (hours > 14 || minutes > 59) return undefined;
      parts.offset = sign * (hours * 60 + minutes);
    }
  }
  const daysInMonth = utcDate(parts.year, parts.month + 1, 0).getUTCDate();
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth) return undefined;
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined;
  return parts;
}

/** A UTC date; unlike Date.UTC, years 0 to 99 are not taken as 1900 to 1999. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
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
    const utc = utcDate(year, month, day);
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
  const parts = parse(text);
  if (parts === undefined) return undefined;
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}
