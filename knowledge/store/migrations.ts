/**
 * Schema migrations, applied in order and recorded in schema_migrations.
 * Append only: a released migration is never edited.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "documents and chunks",
    sql: `
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        format TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        title TEXT NOT NULL,
        year INTEGER,
        issuer TEXT,
        doc_number TEXT,
        date TEXT,
        kind TEXT NOT NULL,
        refs TEXT,
        UNIQUE (source_id, part)
      );
      -- A chunk's text is stored once however many documents carry it (a notice and its reprint).
      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        fields TEXT
      );
      CREATE TABLE occurrences (
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        chunk_id INTEGER NOT NULL REFERENCES chunks(id),
        section TEXT NOT NULL,
        PRIMARY KEY (doc_id, ord)
      );
      CREATE INDEX occurrences_chunk ON occurrences (chunk_id);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];
