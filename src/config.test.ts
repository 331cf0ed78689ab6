import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the documented defaults", () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.demo, true);
    assert.equal(config.logLevel, "info");
    assert.match(config.dataDir, /data$/);
  });

  it("turns demo data off by default in production", () => {
    const key = "ab".repeat(32);
    assert.equal(loadConfig({ NODE_ENV: "production", CASE_DATA_KEY: key }).demo, false);
    assert.equal(loadConfig({ NODE_ENV: "production", CASE_DATA_KEY: key, BEACON_DEMO: "true" }).demo, true);
  });

  it("requires the case data key in production and checks its form", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production" }), /CASE_DATA_KEY is required/);
    assert.throws(() => loadConfig({ CASE_DATA_KEY: "short" }), /CASE_DATA_KEY must be 32 random bytes/);
    assert.equal(loadConfig({ CASE_DATA_KEY: "ab".repeat(32) }).caseDataKey?.length, 32);
    assert.equal(
      loadConfig({ CASE_DATA_KEY: Buffer.alloc(32, 7).toString("base64") }).caseDataKey?.length,
      32,
    );
  });

  it("lists every bad variable in one error", () => {
    try {
      loadConfig({ PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x", BEACON_DEMO: "maybe" });
      assert.fail("expected a ConfigError");
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 4);
      assert.match(error.message, /PORT/);
      assert.match(error.message, /LOG_LEVEL/);
      assert.match(error.message, /DATABASE_URL/);
      assert.match(error.message, /BEACON_DEMO/);
    }
  });

  it("never repeats a database password in its messages", () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: "mysql://admin:hunter2@db/x" }),
      (error: Error) => !error.message.includes("hunter2"),
    );
  });
});
