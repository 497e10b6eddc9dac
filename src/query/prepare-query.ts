import { loadProfile } from './profile/load.js';
import { withDataModel } from './profile/with-data-model.js';
import { QueryError, type CompiledProfile } from './engine-types.js';
import type { QueryRequest } from './run-query.js';

export interface PreparedQuery {
  profile: CompiledProfile;
  /** The first page's URL. */
  uri: string;
}

/**
 * Compiles the request's profile with its connection options and picks the document URL:
 * `--uri`, else the profile's URI, else the `uri` connection option. The main thread and
 * the parse worker both call it, and get the same result from the same request.
 */
export async function prepareQuery(request: QueryRequest): Promise<PreparedQuery> {
  const connection = lowerCaseNames(request.connection);
  // --uri is the uri connection option too, so a profile's [_connection.uri] resolves to it.
  if (request.uri !== undefined && connection.uri === undefined) connection.uri = request.uri;
  let profile = await loadProfile(request.profile, connection, request.inputs ?? {});
  if (request.dataModel !== undefined && request.dataModel !== profile.dataModel) profile = withDataModel(profile, request.dataModel);
  const uri = request.uri ?? profile.uri ?? connection.uri;
  if (uri === undefined || uri === '') {
    throw new QueryError(`no document URL: give --uri, set URI in ${request.profile}, or pass --connection uri=URL.`);
  }
  return { profile, uri };
}

function lowerCaseNames(options: Record<string, string>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) lowered[name.toLowerCase()] = value;
  return lowered;
}
