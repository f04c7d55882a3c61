import { describe } from "vitest";
import { openConsoleStore } from "../../../../bot/features/console/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { consoleStoreContract } from "../../../contracts/console-store.contract.js";

describe.each(BACKENDS)("console store on $name", (backend) => {
  backend.hooks();
  consoleStoreContract(() => {
    const { storage, close } = backend.open();
    return { store: openConsoleStore(storage), reopen: () => openConsoleStore(storage), close };
  });
});
