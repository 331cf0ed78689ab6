/** Raised when the database cannot be opened at start; the message names the host, never the password. */
export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
}
