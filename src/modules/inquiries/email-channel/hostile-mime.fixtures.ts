/** Hostile and odd messages, built as raw RFC 5322 text, for the tests of the e-mail channel. */

const HEAD = (subject: string, from = "a@example.org") =>
  `From: ${from}\r\nTo: help@beacon.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, "")}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org>\r\nMIME-Version: 1.0\r\n`;

/** A message whose multiparts nest `depth` levels deep, one text part at the bottom. */
export function nestedMessage(depth: number, from?: string): string {
  let body = "Content-Type: text/plain\r\n\r\ndeep\r\n";
  for (let level = depth; level >= 1; level--) {
    const boundary = `b${level}`;
    body = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}--${boundary}--\r\n`;
  }
  return `${HEAD(`nest ${depth}`, from)}${body}`;
}

/** A flat multipart/mixed message with `count` small text parts. */
export function manyParts(count: number, from?: string): string {
  const parts = Array.from(
    { length: count },
    (_, i) => `--x\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
  );
  return `${HEAD(`parts ${count}`, from)}Content-Type: multipart/mixed; boundary="x"\r\n\r\n${parts.join("")}--x--\r\n`;
}

/** A message with one header of `bytes` bytes (folded in 70-character lines). */
export function hugeHeader(bytes: number, from?: string): string {
  const value = "x".repeat(70);
  const lines = Array.from({ length: Math.ceil(bytes / 72) }, () => ` ${value}`).join("\r\n");
  return `${HEAD("huge header", from)}X-Filler:${lines}\r\nContent-Type: text/plain\r\n\r\nhello\r\n`;
}

/** A message declaring `charset` with `body` bytes as they are. */
export function withCharset(charset: string, body: Buffer, from?: string): Buffer {
  return Buffer.concat([
    Buffer.from(
      `${HEAD(`charset ${charset}`, from)}Content-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
    ),
    body,
    Buffer.from("\r\n"),
  ]);
}
