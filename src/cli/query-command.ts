import type { Command } from 'commander';

import { QueryError } from '../query/engine-types.js';
import { defaultMaxBytes, defaultTimeoutSeconds, parseAssignment, parseByteCount, parseSeconds } from '../query/options.js';
import { parseDataModel } from '../query/profile/data-model.js';
import { outputFormats, type OutputFormat } from '../query/output/write-result.js';
import { queryErrorMessage, runQuery } from '../query/run-query.js';

/** Flags of `coffer query`, as commander hands them over. */
interface QueryFlags {
  uri?: string;
  profile?: string;
  sql?: string;
  format?: string;
  into?: string;
  connection?: string[];
  input?: string[];
  dataModel?: string;
  lenient?: boolean;
  keepEmpty?: boolean;
  replace?: boolean;
  quiet?: boolean;
  maxBytes?: string;
  timeout?: string;
  infer?: boolean;
  as?: string;
  name?: string;
  repeat?: string;
}

/** Registers `coffer query`. */
export function registerQueryCommand(program: Command): void {
  program
    .command('query')
    .description('Fetch a JSON, NDJSON or XML document (such as a presigned URL) into a table as a profile describes, then print or load it')
    .option('--uri <url>', "the document's URL, used byte for byte (default: the profile's URI, then --connection uri=)")
    .option('--profile <file>', 'the profile: JSON, YAML or API Script (.rsd)')
    .option('--sql <select>', 'SQLite SQL over the table named after the profile (default SELECT * FROM <table>)')
    .option('--format <format>', 'output: table, csv, json or ndjson (default table on a terminal, csv otherwise)')
    .option('--into <target>', 'load the result into sqlite:FILE#TABLE or postgres://USER:PASSWORD@HOST/DATABASE#TABLE instead of printing it')
    .option('--connection <name=value>', 'a connection option the profile reads as [_connection.name]; repeatable', collect)
    .option('--input <name=value>', 'a query input the profile reads as [_input.name], replacing its default; repeatable', collect)
    .option('--data-model <model>', "DOCUMENT, FLATTENEDDOCUMENTS or RELATIONAL, in any case, replacing the profile's DataModel")
    .option('--lenient', 'store NULL for a value that does not convert to its column type, and count them')
    .option('--keep-empty', 'FLATTENEDDOCUMENTS: keep a row whose nested array is empty, with NULL children')
    .option('--replace', 'with --into: drop and recreate the target table (default: append)')
    .option('--quiet', 'print no progress line, summary or notes on stderr')
    .option('--max-bytes <n>', `the most bytes to fetch over all pages, e.g. 100M (default ${defaultMaxBytes / 1024 ** 3}G)`)
    .option('--timeout <seconds>', `seconds each request may take, from connecting to the last byte (default ${defaultTimeoutSeconds})`)
    .option('--infer', 'print a draft profile for the document instead of querying it')
    .option('--as <kind>', 'with --infer: the draft profile as json, yaml or rsd (default json)')
    .option('--name <table>', 'with --infer: the table name (default from the URL)')
    .option('--repeat <path>', 'with --infer: the path whose every match becomes a row (default: detected)')
    .action(async (flags: QueryFlags) => {
      try {
        await runQueryCommand(flags);
      } catch (error) {
        throw new Error(queryErrorMessage(error));
      }
    });
}

async function runQueryCommand(flags: QueryFlags): Promise<void> {
  const connection = Object.fromEntries((flags.connection ?? []).map((item) => parseAssignment(item, '--connection')));
  const inputs = Object.fromEntries((flags.input ?? []).map((item) => parseAssignment(item, '--input')));
  const maxBytes = flags.maxBytes === undefined ? defaultMaxBytes : parseByteCount(flags.maxBytes, '--max-bytes');
  const timeoutMs = parseSeconds(flags.timeout ?? String(defaultTimeoutSeconds), '--timeout');
  const quiet = flags.quiet === true;

  if (flags.infer === true) {
    if (flags.input !== undefined || flags.dataModel !== undefined) throw new QueryError('--input and --data-model apply to a query, not to --infer.');
    const uri = flags.uri ?? Object.entries(connection).find(([name]) => name.toLowerCase() === 'uri')?.[1];
    if (uri === undefined) throw new QueryError('--infer needs the document: give --uri or --connection uri=URL.');
    const { checkInferFormat, runInfer } = await import('../query/infer.js');
    await runInfer({ uri, name: flags.name, repeat: flags.repeat, as: checkInferFormat(flags.as), maxBytes, timeoutMs }, process.stdout);
    return;
  }
  for (const flag of ['as', 'name', 'repeat'] as const) {
    if (flags[flag] !== undefined) throw new QueryError(`--${flag} applies only with --infer.`);
  }
  if (flags.profile === undefined) throw new QueryError('--profile is required: the profile file that maps the document to a table.');
  if (flags.replace === true && flags.into === undefined) throw new QueryError('--replace applies only with --into.');
  if (flags.into !== undefined && flags.format !== undefined) throw new QueryError('--format sets printed output, so it does not go with --into.');

  await runQuery(
    {
      profile: flags.profile,
      uri: flags.uri,
      connection,
      inputs,
      dataModel: flags.dataModel === undefined ? undefined : parseDataModel(flags.dataModel, '--data-model'),
      sql: flags.sql,
      format: outputFormat(flags.format),
      into: flags.into,
      replace: flags.replace === true,
      lenient: flags.lenient === true,
      keepEmpty: flags.keepEmpty === true,
      maxBytes,
      timeoutMs,
    },
    { stdout: process.stdout, stderr: process.stderr, progress: process.stderr.isTTY === true && !quiet, quiet },
  );
}

function outputFormat(text: string | undefined): OutputFormat {
  if (text === undefined) return process.stdout.isTTY === true ? 'table' : 'csv';
  const format = text.toLowerCase() as OutputFormat;
  if (!outputFormats.includes(format)) throw new QueryError(`--format must be table, csv, json or ndjson; got ${JSON.stringify(text)}.`);
  return format;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
