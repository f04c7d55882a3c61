import { describe } from "vitest";
import { openOutbox } from "../../../../bot/features/broadcast/stores.js";
import { openCaseStore } from "../../../../bot/features/cases/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { caseStoreContract } from "../../../contracts/case-store.contract.js";

describe.each(BACKENDS)("case store on $name", (backend) => {
  backend.hooks();
  caseStoreContract((now) => {
    const { storage, close } = backend.open();
    const outbox = openOutbox(storage, now);
    return {
      store: openCaseStore(storage, now),
      async publish(noticeId) {
        await outbox.enqueue(
          { kind: "notice", noticeId, tags: [], sendAt: now(), createdBy: "admin" },
          [{ platform: "telegram", chatId: "-1" }],
          noticeId,
        );
      },
      close,
    };
  });
});
