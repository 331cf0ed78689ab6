import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { FieldCipher, fieldCipherFor, parseFieldKey } from "./field-cipher.ts";

const cipher = new FieldCipher(Buffer.alloc(32, 1));

describe("FieldCipher", () => {
  it("opens what it sealed, and never shows the plaintext in the sealed form", () => {
    const sealed = cipher.seal("1990-04-12", "cases.date_of_birth:EAC2612350001");
    assert.ok(!sealed.includes("1990"));
    assert.equal(cipher.open(sealed, "cases.date_of_birth:EAC2612350001"), "1990-04-12");
  });

  it("seals the same value differently every time", () => {
    assert.notEqual(cipher.seal("A123456789", "x"), cipher.seal("A123456789", "x"));
  });

  it("refuses a value moved to another row, a wrong key and an altered value", () => {
    const sealed = cipher.seal("1990-04-12", "cases.date_of_birth:EAC2612350001");
    assert.throws(() => cipher.open(sealed, "cases.date_of_birth:EAC2612350002"));
    assert.throws(() =>
      new FieldCipher(Buffer.alloc(32, 2)).open(sealed, "cases.date_of_birth:EAC2612350001"),
    );
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    assert.throws(() => cipher.open(altered, "cases.date_of_birth:EAC2612350001"));
    assert.throws(() => cipher.open("1990-04-12", "cases.date_of_birth:EAC2612350001"));
  });

  it("reads keys in hex and base64 and refuses other lengths", () => {
    assert.equal(parseFieldKey("00".repeat(32))?.length, 32);
    assert.equal(parseFieldKey(Buffer.alloc(32).toString("base64"))?.length, 32);
    assert.equal(parseFieldKey("00".repeat(16)), undefined);
    assert.equal(parseFieldKey("not a key"), undefined);
  });

  it("without a configured key, makes one private key file in DATA_DIR and reuses it", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "beacon-key-"));
    try {
      const first = fieldCipherFor({ caseDataKey: undefined, dataDir });
      const sealed = first.seal("A123456789", "c");
      const second = fieldCipherFor({ caseDataKey: undefined, dataDir });
      assert.equal(second.open(sealed, "c"), "A123456789");
      const file = path.join(dataDir, "case-data.key");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, "utf8").length, 64);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
