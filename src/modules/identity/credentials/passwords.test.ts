import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashSync } from "@node-rs/argon2";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./passwords.ts";

describe("password hashing", () => {
  it("hashes with argon2id and OWASP's parameters", async () => {
    const stored = await hashPassword("correct horse battery staple");
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(needsRehash(stored), false);
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    assert.equal(await verifyPassword(stored, "correct horse battery staple"), true);
    assert.equal(await verifyPassword(stored, "correct horse battery stapler"), false);
    assert.equal(await verifyPassword(stored, "Correct horse battery staple"), false);
  });

  it("salts each hash, so one password gives two different hashes", async () => {
    assert.notEqual(await hashPassword("same password"), await hashPassword("same password"));
  });

  it("verifies a password typed with a different Unicode composition", async () => {
    const stored = await hashPassword("mañana-en-la-playa");
    assert.equal(await verifyPassword(stored, "man\u0303ana-en-la-playa"), true);
  });

  it("answers false for a damaged hash instead of throwing", async () => {
    assert.equal(await verifyPassword("not a hash", "anything"), false);
    assert.equal(await verifyPassword("", "anything"), false);
  });

  it("asks for a rehash when the parameters are older or the hash is unreadable", () => {
    assert.equal(needsRehash(hashSync("x", { memoryCost: 4096, timeCost: 3, parallelism: 1 })), true);
    assert.equal(needsRehash("$2b$10$abcdefghijklmnopqrstuv"), true);
  });

  it("verifies against a dummy hash and always answers false", async () => {
    assert.equal(await verifyAgainstDummy("correct horse battery staple"), false);
    assert.equal(await verifyAgainstDummy(""), false);
  });
});
