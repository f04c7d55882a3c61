/**
 * The knowledge store's schema migrations, applied in order and recorded in
 * schema_migrations. Append only: a released migration is never edited.
 *
 * Until release fd98554 this list also made the bot's tables (versions 3, 5
 * and most of 6). Those now belong to the features that use them
 * (bot/features/<name>/sqlite-schema.ts), whose steps name the version they
 * replace so that databases of that time record them instead of running them
 * again. The numbers stay retired here: a database holding one of them was
 * made by the old list.
 */
export const RETIRED_VERSIONS: readonly number[] = [3, 5, 6];

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
  {
    version: 2,
    name: "answers, feedback and curated answers",
    sql: `
      -- Every answer given, so feedback can point at it. The asker is stored only
      -- when QINGFENG_STORE_IDENTITY is on; analytics never need it.
      CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        verdict TEXT NOT NULL,
        mode TEXT NOT NULL,
        answer TEXT NOT NULL,
        citations TEXT NOT NULL,
        topic TEXT,
        platform TEXT,
        asker TEXT,
        curated_id INTEGER,
        asked_at TEXT NOT NULL
      );
      CREATE INDEX answers_asked_at ON answers (asked_at);
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
        reason TEXT,
        rater TEXT,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
      );
      CREATE INDEX feedback_open ON feedback (rating, resolved_at);
      CREATE TABLE curated_answers (
        id INTEGER PRIMARY KEY,
        pattern TEXT NOT NULL,
        verdict TEXT NOT NULL,
        answer TEXT NOT NULL,
        chunk_ids TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
      );
    `,
  },
  {
    version: 4,
    name: "cached index tokens",
    sql: `
      -- Segmenting every clause again at each start is what makes a cold start
      -- slow on a large corpus; the lexical index reads these instead. NULL
      -- means not yet segmented with the current dictionary.
      ALTER TABLE chunks ADD COLUMN tokens TEXT;
    `,
  },
  {
    version: 7,
    name: "document authority, cached conduct kinds of chunks",
    sql: `
      ALTER TABLE documents ADD COLUMN authority TEXT NOT NULL DEFAULT 'unknown'
        CHECK (authority IN ('official', 'local', 'unknown'));
      UPDATE documents SET authority = 'official'
        WHERE source_id IN (SELECT id FROM sources WHERE path LIKE 'corpus/%');
      ALTER TABLE chunks ADD COLUMN kinds TEXT;
    `,
  },
  {
    version: 8,
    name: "text quality of chunks, scan documents, item labels",
    sql: `
      -- 0–1, how clean a clause's text is (scan/OCR damage scores low). Computed
      -- at ingest; rows stored before this migration are scored when the store opens.
      ALTER TABLE chunks ADD COLUMN quality REAL;
      -- 1 when most of a document's text scores low: a scan or OCR source. NULL: not yet known.
      ALTER TABLE documents ADD COLUMN scan INTEGER;
      -- A clause's own number in this document ("（一）", "第三条").
      ALTER TABLE occurrences ADD COLUMN label TEXT;
      -- The section as search indexes it, when it differs from the displayed one:
      -- items without a heading listed with their opening words.
      ALTER TABLE occurrences ADD COLUMN search_section TEXT;
    `,
  },
  {
    version: 9,
    name: "find unscored chunks without reading the table",
    sql: `
      -- Empty once every chunk has a quality: the check at every open costs nothing.
      CREATE INDEX chunks_unscored ON chunks(id) WHERE quality IS NULL;
    `,
  },
  {
    version: 10,
    name: "read clause kinds without reading clause text",
    sql: `
      -- Opening the index reads every chunk's kinds; rows also hold text and tokens,
      -- so a covering index makes that read a scan of a few small pages.
      CREATE INDEX chunks_kinds ON chunks(id, kinds);
    `,
  },
  {
    version: 11,
    name: "quiz bank questions",
    sql: `
      -- The bank's own table, created by version 6 in databases made before the
      -- features owned their tables: there this changes nothing.
      CREATE TABLE IF NOT EXISTS quiz_questions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse', 'scenario')),
        stem TEXT NOT NULL,
        options TEXT NOT NULL,
        answer TEXT NOT NULL,
        explanation TEXT NOT NULL,
        source TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        origin TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'retired')),
        asked INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 12,
    name: "quiz questions: kind of conduct, audiences, admin-only facts",
    sql: `
      -- The kind of conduct a question is about (conduct.txt id), who it is for
      -- (JSON array of audiences: 临床, 护理 …; [] for questions made before), and
      -- whether only administrators see it: task-table facts (which body leads a
      -- task, by when) are never asked in staff practice or campaigns.
      ALTER TABLE quiz_questions ADD COLUMN conduct TEXT;
      ALTER TABLE quiz_questions ADD COLUMN audiences TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE quiz_questions ADD COLUMN admin_only INTEGER NOT NULL DEFAULT 0;
      UPDATE quiz_questions SET admin_only = 1 WHERE origin = 'table-row';
    `,
  },
];
