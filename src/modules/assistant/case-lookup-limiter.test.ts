import assert from "node:assert/strict";
import { it } from "node:test";
import { CaseLookupLimiter } from "./case-lookup-limiter.ts";

it("allows each client its lookups per minute, then refuses until the minute has passed", () => {
  let now = 0;
  const limiter = new CaseLookupLimiter(2, () => now);
  assert.equal(limiter.allow("a"), true);
  assert.equal(limiter.allow("a"), true);
  assert.equal(limiter.allow("a"), false);
  assert.equal(limiter.allow("b"), true);
  now = 60_001;
  assert.equal(limiter.allow("a"), true);
});
