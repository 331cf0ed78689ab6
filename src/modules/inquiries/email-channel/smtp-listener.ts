import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { App } from "../../../platform/http/types.ts";
import type { Logger } from "../../../platform/log.ts";
import { LocalDiskStorage } from "../attachments/storage.ts";
import { inquiryDeps } from "../inquiries.routes.ts";
import { classifyRecipient, inboundAddressesOf } from "./inbound-address.ts";
import { type InboundEmailDeps, type InboundResult, receiveInboundEmail } from "./inbound-email.service.ts";
import { MessageRefused } from "./mime-limits.ts";

/** Messages processed at once per process; more wait (their senders hold the connection open). */
const PROCESSING_CONCURRENCY = 4;

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Runs at most `limit` tasks at once; the rest wait in order. */
function limiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export interface InboundEmailListenerOptions {
  port: number;
  host: string;
  /** Largest message accepted; larger is refused with 552 (announced as SMTP SIZE). */
  maxBytes: number;
  /** Called after each message with the outcome and the milliseconds from end of DATA to the answer. */
  onProcessed?: (result: InboundResult | { outcome: "refused" | "failed" }, ms: number) => void;
}

/**
 * The inbound SMTP listener (`smtp-server`): plain SMTP for a mail relay in front of it, which
 * terminates TLS and checks SPF/DKIM/DMARC. It takes mail only for the agency's address, reply
 * addresses and Beacon's own From address (bounces): any other recipient is refused (550), so it
 * is never an open relay. Each message is answered after it is stored and committed: 250 once it
 * is a request (or deliberately ignored), 552 over the size limit, 554 for hostile MIME, and 451
 * (try later) when something failed on our side, so the sender's server retries and nothing is lost.
 */
export class InboundEmailListener {
  private readonly server: SMTPServer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly limit = limiter(PROCESSING_CONCURRENCY);

  constructor(
    private readonly deps: InboundEmailDeps,
    private readonly options: InboundEmailListenerOptions,
  ) {
    this.server = new SMTPServer({
      logger: false,
      banner: "Beacon",
      disabledCommands: ["AUTH", "STARTTLS"],
      authOptional: true,
      disableReverseLookup: true,
      size: options.maxBytes,
      rejectOversized: true,
      maxClients: 20,
      maxRecipients: 10,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      onRcptTo: (address, _session, callback) => {
        if (classifyRecipient(address.address, deps.addresses)) callback();
        else callback(smtpError(550, "5.1.1 No such recipient here"));
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    // A socket error of one client must never take the process down.
    this.server.on("error", (error) => deps.log.warn({ err: error }, "inbound SMTP connection error"));
  }

  /** Starts listening; resolves with the port (useful with port 0). */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.server.once("error", onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off("error", onError);
        resolve();
      });
    });
    const { port } = this.server.server.address() as AddressInfo;
    this.deps.log.info({ port, host: this.options.host }, "inbound SMTP listener ready");
    return port;
  }

  /** Stops taking connections, lets messages in progress finish, then resolves. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes <= this.options.maxBytes) chunks.push(chunk);
    });
    stream.once("error", (error) => {
      this.deps.log.warn({ err: error }, "inbound message stream failed");
    });
    stream.once("end", () => {
      const ended = performance.now();
      if (stream.sizeExceeded || bytes > this.options.maxBytes) {
        this.options.onProcessed?.({ outcome: "refused" }, performance.now() - ended);
        callback(smtpError(552, "5.3.4 Message too big"));
        return;
      }
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
      };
      const task = this.limit(() =>
        receiveInboundEmail(this.deps, Buffer.concat(chunks, bytes), envelope),
      ).then(
        (result) => {
          this.options.onProcessed?.(result, performance.now() - ended);
          this.deps.log.info({ outcome: result.outcome, reason: result.reason }, "inbound e-mail taken in");
          callback(null, "2.0.0 Accepted");
        },
        (error: unknown) => {
          this.options.onProcessed?.(
            { outcome: error instanceof MessageRefused ? "refused" : "failed" },
            performance.now() - ended,
          );
          if (error instanceof MessageRefused) {
            this.deps.log.info({ reason: error.message }, "inbound e-mail refused");
            callback(smtpError(error.responseCode, error.message));
          } else {
            this.deps.log.error(
              { err: error },
              "inbound e-mail could not be processed; the sender will retry",
            );
            callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
          }
        },
      );
      this.inFlight.add(task);
      void task.finally(() => this.inFlight.delete(task));
    });
  }
}

/** What the listener needs from the app. */
export function inboundEmailDeps(app: App, log: Logger = app.log as Logger): InboundEmailDeps {
  const { config } = app.beacon;
  return {
    ...inquiryDeps(app),
    addresses: inboundAddressesOf(config),
    storage: new LocalDiskStorage(config.dataDir),
    messageIdDomain: new URL(config.publicUrl).hostname,
    log: log.child({ component: "inbound-email" }),
  };
}

const listeners = new WeakMap<App, InboundEmailListener>();

/**
 * Starts the app's inbound SMTP listener on `SMTP_PORT` (nothing when it is 0). Tests pass
 * `{ port: 0 }` for a free port; the listener is returned with the port it got.
 */
export async function startInboundEmail(
  app: App,
  overrides: Partial<Omit<InboundEmailListenerOptions, "maxBytes">> & { maxBytes?: number } = {},
): Promise<{ listener: InboundEmailListener; port: number } | undefined> {
  const { config } = app.beacon;
  if (overrides.port === undefined && config.smtpPort === 0) return undefined;
  if (listeners.has(app)) throw new Error("the inbound SMTP listener is already running");
  const listener = new InboundEmailListener(inboundEmailDeps(app), {
    port: config.smtpPort,
    host: config.smtpHost,
    maxBytes: config.inboundEmailMaxBytes,
    ...overrides,
  });
  const port = await listener.listen();
  listeners.set(app, listener);
  return { listener, port };
}

/** Stops the app's listener, if it runs, letting messages in progress finish. Called on app close. */
export async function stopInboundEmail(app: App): Promise<void> {
  const listener = listeners.get(app);
  listeners.delete(app);
  await listener?.close();
}
