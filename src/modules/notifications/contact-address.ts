/**
 * A phone number as people type it, in E.164 form (`+12025550123`), or undefined. Ten digits, or
 * eleven starting with 1, are taken as a United States number; any other country needs its `+`
 * and country code. Spaces, dots, dashes and brackets are ignored; full-width and other Unicode
 * digits are read as digits.
 */
export function normalizePhone(typed: string): string | undefined {
  const text = typed.normalize("NFKC").trim();
  if (text.length > 40 || !/^\+?[\d\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, "");
  if (text.startsWith("+")) return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : undefined;
  if (/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return `+1${digits}`;
  if (/^1[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return `+${digits}`;
  return undefined;
}

/** An e-mail address in lower case, or undefined when it cannot be one (one @, a dotted domain, ≤ 254). */
export function normalizeEmail(typed: string): string | undefined {
  const address = typed.normalize("NFKC").trim().toLowerCase();
  if (
    address.length > 254 ||
    !/^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\]+\.[^\s@"<>()[\],;:\\.]{2,}$/.test(address)
  )
    return undefined;
  return address;
}

/** "•••• 0123": enough for the person to recognise their number, not enough to give it away. */
export function maskAddress(channel: "email" | "sms", address: string): string {
  if (channel === "sms") return `•••• ${address.slice(-4)}`;
  const [local = "", domain = ""] = address.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}
