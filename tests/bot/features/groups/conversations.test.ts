import { describe } from "vitest";
import { openConversations } from "../../../../bot/features/groups/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { conversationsContract } from "../../../contracts/shared-state.contract.js";

// On SQLite and memory the state is the process's own: one instance, so "another instance" is the same one.
describe.each(BACKENDS)("conversation state on $name", (backend) => {
  backend.hooks();
  conversationsContract((now) => {
    const { storage, close } = backend.open();
    const mine = openConversations(storage, now);
    return {
      ...mine,
      other: () => (backend.name === "postgres" ? openConversations(storage, now) : mine),
      close,
    };
  });
});
