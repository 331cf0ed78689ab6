import { timingSafeEqual } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

/**
 * RFC 6238 defaults (SHA-1, 6 digits, 30 s): the only settings every authenticator app honours;
 * several ignore other values in the URI and then show codes that never match.
 */
const ALGORITHM = "SHA1";
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Steps accepted either side of now: covers a phone clock about 30 s off and typing time. */
const WINDOW = 1;

/** A new shared secret for an authenticator app: 20 random bytes (RFC 4226's size), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = "", issuer = ""): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountLabel: string, issuer = "Beacon"): string {
  return totpFor(secret, accountLabel, issuer).toString();
}

/**
 * The QR code of `uri` as an inline SVG element with `role="img"` and the given accessible name.
 * qrcode draws with presentation attributes (`fill`, `stroke`), which a Content-Security-Policy
 * without 'unsafe-inline' allows; `style` attributes, `<style>` and scripts it would block, so
 * their appearance in a future qrcode version fails loudly here instead of silently on the page.
 * The SVG has no width: size it with CSS around it.
 */
export async function totpQrSvg(uri: string, ariaLabel: string): Promise<string> {
  const svg = (await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 4 })).trim();
  if (!svg.startsWith("<svg ") || /<script|<style|\sstyle=|\son[a-z]+=/i.test(svg)) {
    throw new Error("qrcode produced SVG that a strict Content-Security-Policy would block");
  }
  return svg.replace("<svg ", `<svg role="img" aria-label="${escapeAttribute(ariaLabel)}" `);
}

function escapeAttribute(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** The outcome of checking a one-time code: on success, the time step to record as used. */
export type TotpCheck = { ok: true; step: number } | { ok: false };

/**
 * Checks a 6-digit code (spaces allowed, as apps show "123 456") against the current time step
 * and one either side. A step at or before `lastUsedStep` is refused, so a code seen over someone's
 * shoulder cannot be replayed; the caller then records the step with `recordTotpStep`, whose
 * conditional UPDATE settles two simultaneous uses of the same code.
 */
export function checkTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: number = Date.now(),
): TotpCheck {
  // NFKC turns full-width digits, which some phone keyboards type, into ASCII ones.
  const token = code.normalize("NFKC").replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const totp = totpFor(secret);
  const current = totp.counter({ timestamp: now });
  const given = Buffer.from(token);
  let matched: number | undefined;
  // Every step in the window is computed, matched or not, so timing does not say which one matched.
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    const expected = Buffer.from(totp.generate({ timestamp: step * PERIOD_SECONDS * 1000 }));
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (timingSafeEqual(expected, given) && fresh && matched === undefined) matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}
