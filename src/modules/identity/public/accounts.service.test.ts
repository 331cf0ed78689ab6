import assert from "node:assert/strict";
import { it } from "node:test";
import { comparableName } from "./accounts.service.ts";

it("matches family names regardless of case, accents, hyphens and spaces", () => {
  assert.equal(comparableName("García"), comparableName("GARCIA"));
  assert.equal(comparableName("Nguyen-Tran"), comparableName("NGUYEN TRAN"));
  assert.equal(comparableName("Kovalenko"), comparableName("  kovalenko "));
  assert.notEqual(comparableName("Garcia"), comparableName("Garza"));
});
