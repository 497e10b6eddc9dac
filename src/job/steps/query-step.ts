import { Writable } from 'node:stream';

import { defaultMaxBytes, defaultTimeoutSeconds, parseByteCount, parseSeconds } from '../../query/options.js';
import type { OutputFormat } from '../../query/output/write-result.js';
import { parseDataModel } from '../../query/profile/data-model.js';
import { runQuery } from '../../query/run-query.js';
import { StepError, type StepContext } from '../step-context.js';
import { stepLimitNames } from '../step-limits.js';

/**
 * Runs `coffer query` with the step's fields. Relative paths of the profile and of a
 * SQLite target resolve against the job file's folder. Returns the first column of the
 * first result row for the `set` variable.
 */
export async function runQueryStep(context: StepContext): Promise<string | undefined> {
  const into = context.text('into');
  const maxBytes = context.text('max_bytes');
  const timeout = context.text('timeout');
  const dataModel = context.text('data_model');
  const wantsValue = context.step.fields.set !== undefined;
  const outcome = await runQuery(
    {
      profile: context.path(context.requiredText('profile')),
      uri: context.text('uri'),
      connection: context.map('connection'),
      inputs: context.map('inputs'),
      dataModel: dataModel === undefined ? undefined : parseDataModel(dataModel, 'data_model'),
      sql: context.text('sql'),
      format: (context.text('format') ?? 'csv') as OutputFormat,
      into: into === undefined ? undefined : resolveSqliteFile(into, context),
      replace: context.boolean('replace'),
      lenient: context.boolean('lenient'),
      keepEmpty: context.boolean('keep_empty'),
      maxBytes: maxBytes === undefined ? defaultMaxBytes : parseByteCount(maxBytes, 'max_bytes'),
      timeoutMs: parseSeconds(timeout ?? String(defaultTimeoutSeconds), 'timeout'),
      captureFirstValue: wantsValue,
      limitNames: stepLimitNames,
    },
    {
      // A step that sets a variable prints nothing; its result is the value.
      stdout: wantsValue ? discard() : context.stdout,
      stderr: context.stderr,
      progress: context.terminal,
      quiet: false,
    },
  );
  if (!wantsValue) return undefined;
  if (outcome.firstValue === undefined || outcome.firstValue === null) {
    throw new StepError('the query returned no value to set: its first row is missing or its first column is NULL.');
  }
  return String(outcome.firstValue);
}

function resolveSqliteFile(into: string, context: StepContext): string {
  if (!into.startsWith('sqlite:')) return into;
  const hash = into.lastIndexOf('#');
  const file = into.slice('sqlite:'.length, hash === -1 ? undefined : hash);
  if (file === '') return into;
  return `sqlite:${context.path(file)}${hash === -1 ? '' : into.slice(hash)}`;
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
