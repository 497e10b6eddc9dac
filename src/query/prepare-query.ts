import { QueryError, type CompiledProfile } from './engine-types.js';
import { compileProfile } from './profile/compile.js';
import { loadProfileSource, lowerCaseKeys } from './profile/load.js';
import type { ProfileSource } from './profile/source.js';
import { withDataModel } from './profile/with-data-model.js';
import type { QueryRequest } from './run-query.js';

/** The request's profile as read from its file, with the connection options it was read with: plain data. */
export interface QuerySource {
  source: ProfileSource;
  /** Connection options with names in lower case, `uri` included. */
  connection: Record<string, string>;
}

export interface PreparedQuery {
  profile: CompiledProfile;
  /** The first page's URL. */
  uri: string;
}

/** Reads the request's profile file with its connection options and inputs. */
export async function readQuerySource(request: QueryRequest): Promise<QuerySource> {
  const connection = lowerCaseKeys(request.connection);
  // --uri is the uri connection option too, so a profile's [_connection.uri] resolves to it.
  if (request.uri !== undefined && connection.uri === undefined) connection.uri = request.uri;
  return { source: await loadProfileSource(request.profile, connection, request.inputs ?? {}), connection };
}

/**
 * Compiles the profile read by readQuerySource and picks the document URL: the page that
 * `--input rows@next` names through the profile's api:check, else `--uri`, else the
 * profile's URI, else the `uri` connection option. The main thread and the parse worker
 * both call it, and get the same result from the same request and source.
 */
export function compileQuery(request: QueryRequest, { source, connection }: QuerySource): PreparedQuery {
  let profile = compileProfile(source, connection);
  if (request.dataModel !== undefined && request.dataModel !== profile.dataModel) profile = withDataModel(profile, request.dataModel);
  const nextPage = source.uriFromNextPage === true ? profile.uri : undefined;
  const uri = nextPage ?? request.uri ?? profile.uri ?? connection.uri;
  if (uri === undefined || uri === '') {
    throw new QueryError(`no document URL: give --uri, set URI in ${request.profile}, or pass --connection uri=URL.`);
  }
  return { profile, uri };
}
