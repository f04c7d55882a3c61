import { describe } from "vitest";
import { openChatStore } from "../../../../bot/features/groups/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { chatStoreContract } from "../../../contracts/chat-store.contract.js";

describe.each(BACKENDS)("chat store on $name", (backend) => {
  backend.hooks();
  chatStoreContract((now, options) => {
    const { storage, close } = backend.open();
    return {
      store: openChatStore(storage, now, options),
      reopen: () => openChatStore(storage, now, options),
      close,
    };
  });
});
