import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Secret, TOTP, URI } from "otpauth";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp.ts";

const secret = "JBSWY3DPEHPK3PXP";
/** 2026-11-28T12:00:10Z: 10 s into its 30-second step. */
const now = Date.UTC(2026, 10, 28, 12, 0, 10);
const step = Math.floor(now / 30_000);

function codeAt(atStep: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: atStep * 30_000 });
}

describe("TOTP", () => {
  it("makes a new 20-byte base32 secret each time", () => {
    const first = newTotpSecret();
    assert.match(first, /^[A-Z2-7]{32}$/);
    assert.equal(Secret.fromBase32(first).bytes.length, 20);
    assert.notEqual(newTotpSecret(), first);
  });

  it("builds an otpauth URI that an authenticator app reads back", () => {
    const uri = totpUri(secret, "maria.garcia@example.com");
    assert.match(uri, /^otpauth:\/\/totp\/Beacon:maria\.garcia%40example\.com\?/);
    const parsed = URI.parse(uri);
    assert.ok(parsed instanceof TOTP);
    assert.equal(parsed.issuer, "Beacon");
    assert.equal(parsed.secret.base32, secret);
    assert.equal(parsed.digits, 6);
    assert.equal(parsed.period, 30);
    assert.equal(totpUri(secret, "a@b.example", "Beacon Staging").includes("issuer=Beacon%20Staging"), true);
  });

  it("accepts the current step's code and returns that step", () => {
    assert.deepEqual(checkTotp(secret, codeAt(step), null, now), { ok: true, step });
  });

  it("accepts the previous and the next step's codes (clock drift)", () => {
    assert.deepEqual(checkTotp(secret, codeAt(step - 1), null, now), { ok: true, step: step - 1 });
    assert.deepEqual(checkTotp(secret, codeAt(step + 1), null, now), { ok: true, step: step + 1 });
  });

  it("rejects codes two steps away", () => {
    assert.deepEqual(checkTotp(secret, codeAt(step - 2), null, now), { ok: false });
    assert.deepEqual(checkTotp(secret, codeAt(step + 2), null, now), { ok: false });
  });

  it("rejects a replayed code and any code from a step at or before the last used one", () => {
    assert.deepEqual(checkTotp(secret, codeAt(step), step, now), { ok: false });
    assert.deepEqual(checkTotp(secret, codeAt(step - 1), step, now), { ok: false });
    assert.deepEqual(checkTotp(secret, codeAt(step + 1), step, now), { ok: true, step: step + 1 });
    assert.deepEqual(checkTotp(secret, codeAt(step), step - 1, now), { ok: true, step });
  });

  it("accepts a code typed with spaces or full-width digits", () => {
    const code = codeAt(step);
    assert.deepEqual(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now), {
      ok: true,
      step,
    });
    assert.deepEqual(checkTotp(secret, ` ${code} `, null, now), { ok: true, step });
    const fullWidth = [...code].map((digit) => String.fromCodePoint(0xff10 + Number(digit))).join("");
    assert.deepEqual(checkTotp(secret, fullWidth, null, now), { ok: true, step });
  });

  it("rejects input that is not six digits", () => {
    const code = codeAt(step);
    for (const input of [
      "",
      code.slice(0, 5),
      `${code}0`,
      `${code.slice(0, 5)}x`,
      `${code.slice(0, 3)}-${code.slice(3)}`,
    ]) {
      assert.deepEqual(checkTotp(secret, input, null, now), { ok: false }, input);
    }
  });

  it("draws the QR code as SVG with an accessible name and nothing a strict CSP blocks", async () => {
    const svg = await totpQrSvg(totpUri(secret, "maria.garcia@example.com"), 'QR code for "Beacon" & you');
    assert.match(svg, /^<svg role="img" aria-label="QR code for &quot;Beacon&quot; &amp; you" xmlns=/);
    assert.match(svg, /<\/svg>$/);
    assert.doesNotMatch(svg, /<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
  });
});
