import Database from 'better-sqlite3';

/** Bytes of the database file each connection maps for reading. */
const mmapBytes = 256 * 1024 * 1024;

/**
 * Opens a SQLite database the way every Coffer store uses it: WAL mode with
 * synchronous=FULL, so a committed write survives a crash, a 10-second busy timeout for
 * the moments another connection holds the write lock, and foreign keys enforced.
 * Reads go through a memory map of up to 256 MiB: a commit by another connection empties
 * this connection's page cache, and mapped pages then cost no read call to get back.
 */
export function openSqliteDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma(`mmap_size = ${mmapBytes}`);
  return db;
}

/**
 * Prepared statements by SQL text. Preparing parses and plans the SQL, which costs more
 * than running a simple lookup, so each text is prepared once per connection.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
