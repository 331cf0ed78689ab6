import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { databaseTargets, freshDatabase } from "../../../test/support/databases.ts";
import { createLogger } from "../log.ts";
import { BusySignal, reportWhenBusy } from "./busy-signal.ts";
import { EventBus } from "./event-bus.ts";

const log = createLogger("silent");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const [target] = databaseTargets();
describe("busy signal", () => {
  it("is heard while a process's event loop is busy, and stops soon after", async () => {
    const fresh = await freshDatabase(target as never);
    const bus = new EventBus(fresh.database, log);
    await bus.start();
    const signal = new BusySignal(bus);
    const stop = reportWhenBusy(bus, log);
    try {
      await sleep(1100);
      assert.equal(signal.busy(), false, "an idle process says nothing");
      // Keep the event loop busy for most of two seconds, with a turn now and then.
      const until = performance.now() + 2100;
      while (performance.now() < until) {
        const slice = performance.now() + 50;
        while (performance.now() < slice) {}
        await new Promise((resolve) => setImmediate(resolve));
      }
      await sleep(50);
      assert.equal(signal.busy(), true, "a busy process is heard");
      await sleep(3700);
      assert.equal(signal.busy(), false, "quiet again once it is idle");
    } finally {
      stop();
      signal.close();
      await bus.stop();
      await fresh.database.close();
      await fresh.cleanup();
    }
  });
});
