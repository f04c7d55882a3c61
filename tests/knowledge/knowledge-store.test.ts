import { describe } from "vitest";
import { PostgresKnowledgeStore } from "../../knowledge/store/postgres-store.js";
import { openDatabase, SqliteKnowledgeStore } from "../../knowledge/store/sqlite-store.js";
import { knowledgeStoreContract } from "../contracts/knowledge-store.contract.js";
import { pgKnowledgeDatabase } from "../helpers/pg-knowledge.js";

describe("knowledge store on sqlite", () => {
  knowledgeStoreContract(() => {
    // The real schema and driver; only the file is skipped.
    const db = openDatabase(":memory:");
    return {
      store: new SqliteKnowledgeStore({ db }),
      close: () => {
        db.close();
      },
    };
  });
});

describe("knowledge store on postgres", () => {
  const db = pgKnowledgeDatabase();
  knowledgeStoreContract(() => ({ store: new PostgresKnowledgeStore(db.pool()), close: () => {} }));
});
