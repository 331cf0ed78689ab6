import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { csvCell, csvLine } from "./audit.csv.ts";
import { type ChainedFields, canonicalJson, chainHash, GENESIS_HASH } from "./audit.hash.ts";
import { DETAILS_LIMITS, sanitizeDetails, storableText, TRUNCATED_KEY } from "./audit.sanitize.ts";
import { filtersFromQuery } from "./audit.schemas.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth and adds no spaces", () => {
    const value = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: "x" } };
    assert.equal(canonicalJson(value), '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("gives the same text for the same value built in another order", () => {
    assert.equal(canonicalJson({ x: 1, y: [true, null] }), canonicalJson({ y: [true, null], x: 1 }));
  });

  it("writes numbers and text as JSON does, keeping non-ASCII characters", () => {
    assert.equal(canonicalJson([1e21, -0, 0.1, "é", "\u2028"]), '[1e+21,0,0.1,"é","\u2028"]');
  });

  it("leaves out undefined properties and refuses values JSON cannot hold", () => {
    assert.equal(canonicalJson({ a: undefined, b: 2 }), '{"b":2}');
    assert.throws(() => canonicalJson(undefined), TypeError);
    assert.throws(() => canonicalJson([() => 1]), TypeError);
  });

  it("sorts keys by UTF-16 code units, not by locale", () => {
    assert.equal(canonicalJson({ b: 1, B: 2, é: 3, a: 4 }), '{"B":2,"a":4,"b":1,"é":3}');
  });
});

describe("chainHash", () => {
  const fields: ChainedFields = {
    occurredAt: new Date("2026-11-28T20:11:00.123Z"),
    actorId: null,
    actorLabel: "ana@beacon.example",
    action: "auth.sign_in",
    targetType: null,
    targetId: null,
    ip: "203.0.113.7",
    outcome: "success",
    details: { method: "password" },
  };

  it("follows the documented recipe, so an export can be checked without Beacon", () => {
    const canonical =
      '{"action":"auth.sign_in","actor_id":null,"actor_label":"ana@beacon.example",' +
      '"details":{"method":"password"},"ip":"203.0.113.7","occurred_at":"2026-11-28T20:11:00.123Z",' +
      '"outcome":"success","target_id":null,"target_type":null}';
    const expected = createHash("sha256")
      .update(GENESIS_HASH + canonical)
      .digest("hex");
    assert.equal(chainHash(GENESIS_HASH, fields), expected);
  });

  it("changes when any field or the previous hash changes", () => {
    const base = chainHash(GENESIS_HASH, fields);
    assert.notEqual(chainHash("1".repeat(64), fields), base);
    assert.notEqual(chainHash(GENESIS_HASH, { ...fields, outcome: "failure" }), base);
    assert.notEqual(
      chainHash(GENESIS_HASH, { ...fields, occurredAt: new Date("2026-11-28T20:11:00.124Z") }),
      base,
    );
    assert.notEqual(chainHash(GENESIS_HASH, { ...fields, details: { method: "sso" } }), base);
  });
});

describe("sanitizeDetails", () => {
  it("drops every key that looks like a secret, at any depth and inside lists", () => {
    const clean = sanitizeDetails({
      password: "hunter2",
      newPassword: "x",
      passcode: "1",
      otp: "123456",
      totpCode: "123456",
      accessToken: "t",
      client_secret: "s",
      reason: "throttled",
      nested: { recoveryCode: "ABCD", keep: 1, deeper: [{ refresh_token: "r", role: "analyst" }] },
    });
    assert.deepEqual(clean, { reason: "throttled", nested: { keep: 1, deeper: [{ role: "analyst" }] } });
  });

  it("turns values into plain JSON", () => {
    const clean = sanitizeDetails({
      at: new Date("2026-01-02T03:04:05.000Z"),
      big: 12n,
      notANumber: Number.NaN,
      gone: undefined,
      fn: () => 1,
      list: [undefined, 1],
    });
    assert.deepEqual(clean, { at: "2026-01-02T03:04:05.000Z", big: "12", notANumber: null, list: [null, 1] });
  });

  it("gives an empty object for anything that is not an object", () => {
    assert.deepEqual(sanitizeDetails(null), {});
    assert.deepEqual(sanitizeDetails(undefined), {});
    assert.deepEqual(sanitizeDetails(["a"]), {});
    assert.deepEqual(sanitizeDetails("text"), {});
  });

  it("cuts long text, long lists and deep nesting, and says so", () => {
    const clean = sanitizeDetails({
      note: "x".repeat(DETAILS_LIMITS.maxStringLength + 10),
      items: Array.from({ length: DETAILS_LIMITS.maxItems + 5 }, (_, i) => i),
      a: { b: { c: { d: { e: { f: 1 } } } } },
    });
    assert.equal((clean.note as string).length, DETAILS_LIMITS.maxStringLength);
    assert.equal((clean.items as number[]).length, DETAILS_LIMITS.maxItems);
    assert.deepEqual(clean.a, { b: { c: { d: {} } } });
    assert.equal(clean[TRUNCATED_KEY], true);
  });

  it("keeps only a marker when the whole is still too large", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, "y".repeat(900)]));
    assert.deepEqual(sanitizeDetails(many), { [TRUNCATED_KEY]: true });
  });

  it("removes characters the database would refuse or change", () => {
    assert.deepEqual(sanitizeDetails({ a: "x\u0000y", b: "\uD800z", c: "😀" }), {
      a: "xy",
      b: "\uFFFDz",
      c: "😀",
    });
  });
});

describe("storableText", () => {
  it("cuts to length without leaving half of a surrogate pair", () => {
    assert.equal(storableText("ab😀", 3), "ab\uFFFD");
    assert.equal(storableText("a\u0000b", 10), "ab");
  });
});

describe("CSV cells", () => {
  it("leaves plain text alone", () => {
    assert.equal(csvCell("auth.sign_in"), "auth.sign_in");
    assert.equal(csvCell(42), "42");
    assert.equal(csvCell(null), "");
  });

  it("quotes commas, quotes and line breaks as RFC 4180 asks", () => {
    assert.equal(csvCell("Lopez, Ana"), '"Lopez, Ana"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
    assert.equal(csvCell("cr\rhere"), '"cr\rhere"');
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    assert.equal(csvCell('=HYPERLINK("http://evil")'), '"\'=HYPERLINK(""http://evil"")"');
    assert.equal(csvCell("+1"), "'+1");
    assert.equal(csvCell("-2"), "'-2");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("\tx"), "'\tx");
    assert.equal(csvCell("\rx"), '"\'\rx"');
    assert.equal(csvCell("a=b"), "a=b");
  });

  it("ends each record with CRLF", () => {
    assert.equal(csvLine(["a", null, 3]), "a,,3\r\n");
  });
});

describe("filtersFromQuery", () => {
  it("drops blank fields and trims the rest", () => {
    assert.deepEqual(
      filtersFromQuery({ actor: "  ana ", action: "", outcome: "", from: "2026-01-01", to: "" }),
      {
        actor: "ana",
        from: "2026-01-01",
      },
    );
  });
});
