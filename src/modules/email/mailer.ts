import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { Config } from "../../config.ts";
import type { DB } from "../../platform/db/schema.ts";
import { localeInfo } from "../../platform/i18n/locales.ts";
import type { Logger } from "../../platform/log.ts";
import type { EmailMessage } from "./email.schemas.ts";
import { insertOutboxMessage } from "./outbox.repository.ts";

/** A message for `Mailer.send`: the job payload, plus a Message-ID chosen by the caller. */
export interface OutgoingEmail extends EmailMessage {
  /** `<local@domain>`; a fresh one is made when absent. */
  messageId?: string;
}

/** Sends e-mail. One per process: with SMTP it holds a connection pool. */
export interface Mailer {
  /** Resolves once the SMTP server accepted the message (or the outbox row is written). */
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  /** "smtp" when messages leave through a relay, "outbox" when they are kept in the database. */
  readonly transport: "smtp" | "outbox";
  /** The host part of Message-IDs made for Beacon's mail: PUBLIC_URL's host name. */
  readonly messageIdDomain: string;
  /** Closes pooled connections; call on shutdown after the job runner has stopped. */
  close(): Promise<void>;
}

export type MailerConfig = Pick<Config, "smtpUrl" | "mailFrom" | "publicUrl" | "nodeEnv">;

/**
 * Creates the mailer.
 *
 * With `SMTP_URL` it sends through a pooled SMTP connection. `smtps://` uses TLS from the first
 * byte; `smtp://` upgrades with STARTTLS and refuses to send in clear, except to a relay on this
 * machine (loopback). A relay on a trusted network that offers no TLS must be allowed explicitly
 * with `?requireTLS=false` in the URL; other nodemailer options can be given the same way
 * (`?tls.servername=…`).
 *
 * Without `SMTP_URL` messages are kept in the database's outbox, where administrators read them
 * (`/staff/outbox`), so a demo works with nothing installed. That is for development and demos,
 * not a fake for production: production sets `SMTP_URL`, and a production process without it
 * says so in the log at start.
 */
export function createMailer(
  config: MailerConfig,
  options: { log?: Logger; outbox?: Kysely<DB> } = {},
): Mailer {
  const messageIdDomain = new URL(config.publicUrl).hostname;
  let deliver: Delivery;
  if (config.smtpUrl) {
    deliver = smtpDelivery(config.smtpUrl);
  } else {
    if (!options.outbox) throw new Error("Without SMTP_URL the mailer needs the database for its outbox");
    deliver = outboxDelivery(options.outbox);
    const level = config.nodeEnv === "production" ? "warn" : "info";
    options.log?.[level](
      "SMTP_URL is unset: outgoing e-mail is kept in the outbox (/staff/outbox), not sent",
    );
  }
  return {
    messageIdDomain,
    transport: config.smtpUrl ? "smtp" : "outbox",
    async send(message) {
      const messageId = message.messageId ?? `<${randomUUID()}@${messageIdDomain}>`;
      const sentId = await deliver.send({
        from: config.mailFrom,
        // An address object, not a string: nodemailer then never parses a display name or list out of it.
        to: { name: "", address: message.to },
        subject: message.subject,
        // An address object for the same reason as `to`.
        ...(message.replyTo ? { replyTo: { name: "", address: message.replyTo } } : {}),
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        messageId,
        headers: {
          ...(message.locale ? { "Content-Language": localeInfo(message.locale).htmlLang } : {}),
          // RFC 8058 one-click unsubscribe: mail programs show an "Unsubscribe" button that POSTs here.
          ...(message.unsubscribeUrl
            ? {
                "List-Unsubscribe": `<${message.unsubscribeUrl}>`,
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              }
            : {}),
          // RFC 3834: tells vacation responders not to answer, so no auto-reply reaches our inbox.
          "Auto-Submitted": "auto-generated",
        },
      });
      return { messageId: sentId };
    },
    close: deliver.close,
  };
}

interface Delivery {
  send(mail: SendMailOptions): Promise<string>;
  close(): Promise<void>;
}

/** Message content is always strings we built; these forbid nodemailer reading files or URLs for it. */
const NO_EXTERNAL_CONTENT = { disableFileAccess: true, disableUrlAccess: true } as const;

/**
 * Options for nodemailer's pooled SMTP transport. Exported for its unit test. The URL's own
 * settings (host, port, auth, `smtps:`, query parameters) override the defaults here.
 */
export function smtpOptions(smtpUrl: string) {
  const host = new URL(smtpUrl).hostname;
  const loopback = host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  return {
    url: smtpUrl,
    pool: true as const,
    maxConnections: 5,
    // Personal data never crosses a network in clear; a relay on this machine is not a network.
    requireTLS: !loopback,
    // Well under the job runner's 5-minute stale limit, so a hung server fails the attempt
    // instead of leaving the job "running".
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    dnsTimeout: 10_000,
    ...NO_EXTERNAL_CONTENT,
  };
}

function smtpDelivery(smtpUrl: string): Delivery {
  const transport = nodemailer.createTransport(smtpOptions(smtpUrl));
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return info.messageId;
    },
    async close() {
      transport.close();
    },
  };
}

function outboxDelivery(db: Kysely<DB>): Delivery {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    ...NO_EXTERNAL_CONTENT,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      const to = mail.to as { address: string };
      await insertOutboxMessage(db, {
        channel: "email",
        message_id: info.messageId,
        recipient: to.address,
        subject: String(mail.subject ?? ""),
        body: String(mail.text ?? ""),
        raw: (info.message as Buffer).toString("utf8"),
      });
      return info.messageId;
    },
    async close() {},
  };
}
