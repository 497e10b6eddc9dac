/**
 * Returns a PostgreSQL connection string with its password replaced by `***`, for logs and
 * error messages. A string that does not parse as a URL is replaced whole, because it may
 * hold a password in a form this function does not know.
 */
export function redactConnectionString(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return 'postgres://***';
  }
  if (url.password !== '') url.password = '***';
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase() === 'password') url.searchParams.set(name, '***');
  }
  return url.toString();
}
