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
    version: 3,
    name: "chats, roles and processed deliveries",
    sql: `
      CREATE TABLE chats (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        type TEXT NOT NULL,
        title TEXT,
        language TEXT,
        subscribed INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '[]',
        subscribed_by TEXT,
        subscribed_at TEXT,
        deactivated_reason TEXT,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (platform, chat_id)
      );
      CREATE TABLE admin_grants (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
      CREATE TABLE admin_audit (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        command TEXT NOT NULL,
        allowed INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      -- Platforms redeliver (Telegram update_id, Slack retries): each delivery is handled once.
      CREATE TABLE processed_deliveries (
        platform TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (platform, delivery_id)
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
    version: 5,
    name: "case notices, broadcast outbox, acknowledgements, roster",
    sql: `
      -- A published notice is never edited: a correction is a new row that names it.
      CREATE TABLE case_notices (
        id INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
        title TEXT NOT NULL,
        date TEXT,
        institution TEXT,
        people TEXT NOT NULL DEFAULT '[]',
        facts TEXT NOT NULL,
        violations TEXT,
        result TEXT,
        lesson TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        source_url TEXT,
        corrects_id INTEGER REFERENCES case_notices(id),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        published_at TEXT
      );
      CREATE TABLE case_clauses (
        notice_id INTEGER NOT NULL REFERENCES case_notices(id) ON DELETE CASCADE,
        chunk_id INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('proposed', 'added')),
        accepted INTEGER NOT NULL DEFAULT 1,
        -- The clause as it read when linked: a later re-ingest must not change a published notice.
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        year INTEGER,
        section TEXT NOT NULL,
        PRIMARY KEY (notice_id, chunk_id)
      );
      -- One send job: a notice, a reminder of it, or a digest; period_key makes planned jobs unique.
      CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('notice', 'reminder', 'digest', 'campaign')),
        notice_id INTEGER REFERENCES case_notices(id),
        tags TEXT NOT NULL DEFAULT '[]',
        send_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'paused', 'cancelled')),
        period_key TEXT UNIQUE,
        payload TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One row per (broadcast, target), written with the broadcast in one transaction.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
        not_before INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        rate_limited INTEGER NOT NULL DEFAULT 0,
        resent_after_crash INTEGER NOT NULL DEFAULT 0,
        -- Which dispatcher holds a row in 'sending' (host:pid), so a restart recovers only a dead one's.
        claimed_by TEXT,
        message_ids TEXT,
        error TEXT,
        sent_at TEXT,
        UNIQUE (broadcast_id, platform, chat_id)
      );
      CREATE INDEX outbox_due ON outbox (state, not_before);
      CREATE TABLE case_acks (
        notice_id INTEGER NOT NULL REFERENCES case_notices(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT,
        chat_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (notice_id, platform, user_id)
      );
      CREATE TABLE roster (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL,
        telegram_id TEXT UNIQUE,
        slack_id TEXT UNIQUE
      );
    `,
  },
  {
    version: 6,
    name: "quiz bank, answers, spaced repetition, campaigns",
    sql: `
      CREATE TABLE quiz_questions (
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
      CREATE TABLE quiz_answers (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        correct INTEGER NOT NULL,
        context TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX quiz_answers_user ON quiz_answers (platform, user_id, at);
      CREATE TABLE quiz_players (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT,
        streak INTEGER NOT NULL DEFAULT 0,
        best_streak INTEGER NOT NULL DEFAULT 0,
        hidden INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (platform, user_id)
      );
      -- Leitner boxes: a question answered wrongly comes back until answered right twice.
      CREATE TABLE quiz_review (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
        box INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id, question_id)
      );
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE campaign_progress (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        answered INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        passed_at TEXT,
        attestation TEXT,
        PRIMARY KEY (campaign_id, platform, user_id)
      );
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
    name: "roster identities as rows, one per platform",
    sql: `
      -- A member's user id on each platform is a row, so a new platform needs no column.
      -- The roster is rebuilt without its telegram_id / slack_id columns (SQLite cannot
      -- drop UNIQUE columns); the ids move to roster_identities in column order, so a
      -- member's first id stays the Telegram one.
      CREATE TABLE roster_members (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL
      );
      INSERT INTO roster_members (id, name, department) SELECT id, name, department FROM roster;
      CREATE TABLE roster_identities (
        member INTEGER NOT NULL REFERENCES roster_members(id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
      CREATE INDEX roster_identities_member ON roster_identities (member);
      INSERT INTO roster_identities (member, platform, user_id)
        SELECT id, 'telegram', telegram_id FROM roster WHERE telegram_id IS NOT NULL ORDER BY id;
      INSERT INTO roster_identities (member, platform, user_id)
        SELECT id, 'slack', slack_id FROM roster WHERE slack_id IS NOT NULL ORDER BY id;
      DROP TABLE roster;
      -- Renaming the parent rewrites roster_identities' reference to it.
      ALTER TABLE roster_members RENAME TO roster;
    `,
  },
];
