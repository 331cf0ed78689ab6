import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";

for (const target of databaseTargets()) {
  describe(`shutdown on ${target.name}`, () => {
    it("finishes a request in flight before closing, and refuses new ones", async () => {
      const t = await createTestApp(target, {}, (app) => {
        app.get("/api/test/slow", { config: { access: "public" } }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          return { done: true };
        });
      });
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      const address = t.app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = t.close();
      const response = await inFlight;
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { done: true });
      await closing;
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    });
  });
}
