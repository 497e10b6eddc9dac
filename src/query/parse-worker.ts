import { parentPort, workerData } from 'node:worker_threads';

import type { CellValue } from './engine-types.js';
import { rowsPerInsert } from './load/memory-tables.js';
import type { FromParser, ParseJob, ToParser } from './parse-in-worker.js';
import { prepareQuery } from './prepare-query.js';
import { readPages } from './read-pages.js';

/**
 * The parse worker: fetches the document's pages, parses them and converts the values, and
 * posts the rows to the main thread in groups of a few multi-row inserts each. The main thread
 * only inserts, so parsing and inserting run on two cores at once.
 *
 * Flow control: once `maxInFlight` groups wait for the main thread, reading pauses until it
 * has caught up to half of that, so memory stays bounded when inserting is the slower side.
 */
const maxInFlight = 16;

/** Multi-row inserts per message: fewer messages cost less than one message per insert. */
const insertsPerMessage = 8;

interface Group {
  perMessage: number;
  values: CellValue[];
  rows: number;
}

const port = parentPort!;
const job = workerData as ParseJob;
let sent = 0;
let acknowledged = 0;
let resume: (() => void) | undefined;

port.on('message', (message: ToParser) => {
  acknowledged = message.acknowledged;
  if (resume !== undefined && sent - acknowledged <= maxInFlight / 2) {
    const wake = resume;
    resume = undefined;
    wake();
  }
});

function post(message: FromParser): void {
  port.postMessage(message);
}

function send(table: string, group: Group): void {
  post({ kind: 'rows', table, values: group.values, rows: group.rows });
  sent += 1;
  group.values = [];
  group.rows = 0;
}

async function run(): Promise<void> {
  const { profile, uri } = await prepareQuery(job.request);
  const groups = new Map<string, Group>();
  for (const table of profile.tables) {
    groups.set(table.name, { perMessage: rowsPerInsert(table.columns.length) * insertsPerMessage, values: [], rows: 0 });
  }
  const totals = await readPages(
    profile,
    uri,
    (table, values) => {
      const group = groups.get(table);
      if (group === undefined) {
        post({ kind: 'rows', table, values, rows: 1 });
        return;
      }
      for (let i = 0; i < values.length; i++) group.values.push(values[i]!);
      group.rows += 1;
      if (group.rows === group.perMessage) send(table, group);
    },
    job.extract,
    job.limits,
    {
      onBytes: (count) => {
        if (job.reportBytes) post({ kind: 'bytes', count });
      },
      pace: () => (sent - acknowledged > maxInFlight ? new Promise<void>((wake) => (resume = wake)) : undefined),
    },
  );
  for (const [table, group] of groups) if (group.rows > 0) send(table, group);
  post({ kind: 'done', totals });
}

run().catch((error: unknown) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'error', name: failure.name, message: failure.message });
});
