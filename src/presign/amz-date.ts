/** The request date in the two forms SigV4 uses. */
export interface AmzDate {
  /** `YYYYMMDDTHHMMSSZ`: the `X-Amz-Date` parameter. */
  amzDate: string;
  /** `YYYYMMDD`: the date of the credential scope. */
  shortDate: string;
  /** The signing time in milliseconds, truncated to the second as the URL states it. */
  signedAtMs: number;
}

/** Signing many URLs in the same second formats the date once. */
let lastFormatted: AmzDate | undefined;

/** Formats the signing time; SigV4 dates have whole seconds, so milliseconds are dropped. */
export function formatAmzDate(date: Date): AmzDate {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new TypeError('signingDate is not a valid date.');
  const signedAtMs = time - (((time % 1000) + 1000) % 1000);
  if (lastFormatted !== undefined && lastFormatted.signedAtMs === signedAtMs) return lastFormatted;

  const iso = date.toISOString();
  if (iso.length !== 24) {
    throw new RangeError(`signingDate ${iso} is outside the years 0000 to 9999 that X-Amz-Date can express.`);
  }
  // iso is YYYY-MM-DDTHH:MM:SS.sssZ
  const shortDate = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const amzDate = `${shortDate}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastFormatted = { amzDate, shortDate, signedAtMs };
  return lastFormatted;
}
