/**
 * A real SMTP server on 127.0.0.1 for tests (`smtp-server` and `mailparser` are dev
 * dependencies, so nothing outside tests may import this file). Plain SMTP, no STARTTLS:
 * loopback only.
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message the server accepted. */
export interface ReceivedEmail {
  /** The SMTP envelope (`MAIL FROM`, `RCPT TO`), as opposed to the headers. */
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

/** A reply code and text the server answers with instead of accepting. */
export interface SmtpRejection {
  code: number;
  message: string;
}

export interface TestSmtpServerOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials; without it, AUTH is switched off. */
  auth?: { user: string; pass: string };
  /** Answers `RCPT TO` for an address with this rejection instead of accepting it. */
  rejectRecipient?: (address: string) => SmtpRejection | undefined;
  /** Answers the end of `DATA` number `attempt` (1, 2, …) with this rejection instead of accepting it. */
  rejectData?: (attempt: number) => SmtpRejection | undefined;
}

export interface TestSmtpServer {
  /** `smtp://[user:pass@]127.0.0.1:<port>` */
  url: string;
  /** Accepted messages, in order of arrival. */
  received: ReceivedEmail[];
  close(): Promise<void>;
}

function smtpError({ code, message }: SmtpRejection): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Starts an SMTP server on a free port of 127.0.0.1. */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  let dataAttempts = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(smtpError({ code: 535, message: "Authentication failed" }));
    },
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      callback(rejection ? smtpError(rejection) : null);
    },
    onData(stream, session, callback) {
      dataAttempts++;
      const rejection = options.rejectData?.(dataAttempts);
      // The stream must be read to its end before answering, whatever the answer.
      simpleParser(stream)
        .then((parsed) => {
          if (rejection) return callback(smtpError(rejection));
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, parsed });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : "";
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
