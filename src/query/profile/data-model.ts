import { QueryError, type DataModel } from '../engine-types.js';
import { dataModels } from './source.js';
import { didYouMean } from './suggest.js';

/** Connection option names that set the data model: CData's `DataModel`, and Matillion's `Data Model`. */
const dataModelOptions = ['datamodel', 'data model'];

/**
 * Parses a data model named at query time, by `--data-model`, a job step's `data_model` or
 * a connection option. Case does not matter. `source` names where the value came from, for the error.
 */
export function parseDataModel(text: string, source: string): DataModel {
  const upper = text.trim().toUpperCase();
  if (!(dataModels as readonly string[]).includes(upper)) {
    throw new QueryError(
      `${source} must be ${dataModels.slice(0, -1).join(', ')} or ${dataModels.at(-1)} (in any case); ` +
        `got ${JSON.stringify(text)}${didYouMean(upper, dataModels)}.`,
    );
  }
  return upper as DataModel;
}

/** Returns the data model that the connection options set, if any; `connection` names are in lower case. */
export function connectionDataModel(connection: Record<string, string>): DataModel | undefined {
  for (const name of dataModelOptions) {
    const value = connection[name];
    if (value !== undefined) return parseDataModel(value, `the connection option ${name}`);
  }
  return undefined;
}
