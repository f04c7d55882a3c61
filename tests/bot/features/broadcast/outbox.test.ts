import { describe } from "vitest";
import { openOutbox } from "../../../../bot/features/broadcast/stores.js";
import { openCaseStore } from "../../../../bot/features/cases/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { outboxContract } from "../../../contracts/outbox.contract.js";

describe.each(BACKENDS)("outbox on $name", (backend) => {
  backend.hooks();
  outboxContract((now) => {
    const { storage, close } = backend.open();
    return {
      outbox: openOutbox(storage, now),
      cases: openCaseStore(storage, now),
      reopen: () => openOutbox(storage, now),
      close,
    };
  });
});
