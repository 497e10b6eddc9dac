/**
 * Date values of the Date condition operators: "one of the W3C implementations of the ISO
 * 8601 date formats or in epoch (UNIX) time" ("Condition operators", date section, IAM User
 * Guide). The W3C profile allows `YYYY-MM`, `YYYY-MM-DD` and `YYYY-MM-DDThh:mm[:ss[.s]]TZD`.
 * A time without a zone designator is read as UTC.
 *
 * A string of digits alone is epoch seconds, so the W3C year-only form `YYYY` is read as
 * epoch seconds too: the two cannot be told apart, and `aws:EpochTime` values are digits.
 */

const epochSeconds = /^-?[0-9]+(?:\.[0-9]+)?$/;
const isoDate =
  /^([0-9]{4})-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?$/;

/** Parses a date value into milliseconds since the epoch, or undefined when it is not one. */
export function parsePolicyDate(text: string): number | undefined {
  const value = text.trim();
  if (epochSeconds.test(value)) return Number(value) * 1000;
  const match = isoDate.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = {
    year: Number(year),
    month: Number(month),
    day: day === undefined ? 1 : Number(day),
    hour: hour === undefined ? 0 : Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
  };
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.hour > 23 || fields.minute > 59 || fields.second > 60) {
    return undefined;
  }
  const utc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  if (new Date(utc).getUTCDate() !== fields.day) return undefined;
  const milliseconds = fraction === undefined ? 0 : Number(fraction) * 1000;
  return utc + milliseconds - zoneOffsetMinutes(zone) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number];
  return sign * (hours * 60 + minutes);
}
