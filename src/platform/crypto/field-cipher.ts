import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts personal fields (a date of birth, an A-number) before they reach the database, with
 * AES-256-GCM and a key from configuration. Each value is bound to where it belongs (`context`,
 * e.g. `cases.date_of_birth:EAC2612350001`), so a sealed value copied to another row or column
 * does not open. A stolen database dump or backup without the key shows none of these fields.
 */
export class FieldCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("The field encryption key must be 32 bytes");
    this.key = Buffer.from(key);
  }

  /** `v1.<base64url of iv, tag and ciphertext>`; a fresh random IV every time. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  /** The plaintext; throws when the value was sealed with another key or context, or altered. */
  open(sealed: string, context: string): string {
    const [version, data] = sealed.split(".");
    if (version !== VERSION || data === undefined) throw new Error("Not a sealed value");
    const bytes = Buffer.from(data, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  }
}

/** Reads a 32-byte key written as 64 hexadecimal digits or base64; undefined when it is neither. */
export function parseFieldKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, "base64");
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/**
 * The cipher for this process: CASE_DATA_KEY when set. Without it (development and demos only:
 * configuration refuses to start production without a key) a random key is made once and kept in
 * `DATA_DIR/case-data.key`, readable by this user only, so the demo database stays readable
 * across restarts.
 */
export function fieldCipherFor(config: { caseDataKey: Buffer | undefined; dataDir: string }): FieldCipher {
  if (config.caseDataKey) return new FieldCipher(config.caseDataKey);
  const file = path.join(config.dataDir, "case-data.key");
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process starting at the same moment wrote it first: use that one.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = parseFieldKey(readFileSync(file, "utf8").trim());
  if (!key) throw new Error(`${file} does not hold a 32-byte key`);
  return new FieldCipher(key);
}
