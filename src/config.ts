import path from "node:path";
import { parseFieldKey } from "./platform/crypto/field-cipher.ts";

/**
 * The only module that reads `process.env`. Every variable is parsed once; a bad value is
 * collected rather than thrown, so one start reports every mistake at once.
 * Each variable has a row in the README's configuration table.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /** Address people use to reach Beacon; used in links sent by e-mail and SMS. */
  publicUrl: string;
  /** Where the embedded database (PGlite) keeps its files when DATABASE_URL is unset. */
  dataDir: string;
  /** A PostgreSQL 15+ connection string; when unset Beacon uses the embedded database. */
  databaseUrl: string | undefined;
  /** Largest number of pooled PostgreSQL connections per process. */
  databasePoolSize: number;
  /** pino log level. */
  logLevel: LogLevel;
  /** Load demo data into an empty database at start. */
  demo: boolean;
  /** production | development | test */
  nodeEnv: string;
  /** Requests per minute one client address may make to public endpoints. */
  rateLimitPerMinute: number;
  /** Case-status lookups one client address may make per minute (stricter than other pages). */
  caseLookupsPerMinute: number;
  /** The bearer token the agency's system of record sends to POST /api/v1/status-events; unset turns the endpoint off. */
  statusEventsToken: string | undefined;
  /** The share of the time, in percent, a status import may keep working; it rests the rest, leaving CPU to lookups. */
  statusImportBusyPercent: number;
  /** How many batches a status import may have in the database at once, each on its own connection (always 1 on PGlite). */
  statusImportConnections: number;
  /** The 32-byte key that encrypts dates of birth and A-numbers at rest; unset outside production: a key kept in DATA_DIR. */
  caseDataKey: Buffer | undefined;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Trust X-Forwarded-For from this many proxies in front of Beacon (0: none). */
  trustProxyHops: number;
  /** SMTP server for outgoing mail (smtp://user:pass@host:587); unset: messages are kept in the database's outbox (/staff/outbox). */
  smtpUrl: string | undefined;
  /** The From address of outgoing mail. */
  mailFrom: string;
  /** A Twilio-compatible SMS carrier; unset: text messages are kept in the outbox (/staff/outbox). */
  sms: SmsCarrierConfig | undefined;
  /** Staff single sign-on: OpenID Connect issuer URL; unset turns staff SSO off. */
  staffOidc: OidcClientConfig | undefined;
  /** Public sign-in through a Login.gov-style OpenID provider; unset turns it off. */
  publicOidc: OidcClientConfig | undefined;
  /** The agency's IANA time zone: business days, service-level due dates and "reply by" dates. */
  agencyTimeZone: string;
  /** Minutes a request may wait unassigned before it goes to an agent without its language (language line) or alerts supervisors. */
  workspaceOverflowMinutes: number;
  /** Percentage of resolved requests sampled for quality review. */
  qualitySamplePercent: number;
  /** How often an idle job worker looks for due jobs, in milliseconds. */
  jobPollMs: number;
  /** How many jobs one process runs at the same time. */
  jobConcurrency: number;
  /** Days the virtual assistant keeps a conversation (masked) after its last message. */
  assistantRetentionDays: number;
  /** TCP port of the inbound SMTP listener for service requests by e-mail; 0 turns it off. */
  smtpPort: number;
  /** Interface the inbound SMTP listener binds to. */
  smtpHost: string;
  /** The agency's address people write to; replies come to `requests+<token>@` its domain. */
  inboundEmailAddress: string;
  /** Largest inbound e-mail accepted, in bytes (SMTP SIZE); larger is refused with 552. */
  inboundEmailMaxBytes: number;
}

export interface SmsCarrierConfig {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or messaging service id. */
  from: string;
}

export interface OidcClientConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated acr_values to request (e.g. a Login.gov assurance level). */
  acrValues: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Beacon cannot start because of its configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Parses the environment into a Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const nodeEnv = text("NODE_ENV") ?? "development";
  const port = integer("PORT", 3000, 0, 65535);
  const host = text("HOST") ?? "127.0.0.1";

  const logLevelRaw = text("LOG_LEVEL") ?? (nodeEnv === "test" ? "silent" : "info");
  let logLevel: LogLevel = "info";
  if ((LOG_LEVELS as readonly string[]).includes(logLevelRaw)) logLevel = logLevelRaw as LogLevel;
  else problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevelRaw}")`);

  const publicUrlRaw = text("PUBLIC_URL") ?? `http://localhost:${port}`;
  let publicUrl = publicUrlRaw;
  try {
    const url = new URL(publicUrlRaw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    publicUrl = url.toString().replace(/\/$/, "");
  } catch {
    problems.push(`PUBLIC_URL must be an http:// or https:// address (got "${publicUrlRaw}")`);
  }

  const databaseUrl = text("DATABASE_URL");
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new Error("protocol");
    } catch {
      problems.push("DATABASE_URL must be a postgres://user:password@host:port/database address");
    }
  }

  const oidc = (prefix: string): OidcClientConfig | undefined => {
    const issuer = text(`${prefix}_OIDC_ISSUER`);
    const clientId = text(`${prefix}_OIDC_CLIENT_ID`);
    const clientSecret = text(`${prefix}_OIDC_CLIENT_SECRET`);
    const acrValues = text(`${prefix}_OIDC_ACR_VALUES`);
    if (issuer === undefined) return undefined;
    try {
      new URL(issuer);
    } catch {
      problems.push(`${prefix}_OIDC_ISSUER must be the provider's https:// address (got "${issuer}")`);
    }
    if (!clientId || !clientSecret) {
      problems.push(
        `${prefix}_OIDC_CLIENT_ID and ${prefix}_OIDC_CLIENT_SECRET are required with ${prefix}_OIDC_ISSUER`,
      );
    }
    return { issuer, clientId: clientId ?? "", clientSecret: clientSecret ?? "", acrValues };
  };

  const smtpUrl = text("SMTP_URL");
  if (smtpUrl !== undefined) {
    try {
      const url = new URL(smtpUrl);
      if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("protocol");
    } catch {
      problems.push("SMTP_URL must be an smtp:// or smtps:// address");
    }
  }
  const mailFrom = text("MAIL_FROM") ?? "Beacon <no-reply@beacon.example>";

  const smsAccountSid = text("SMS_ACCOUNT_SID");
  const smsApiUrl = text("SMS_API_URL") ?? "https://api.twilio.com";
  const smsAuthToken = text("SMS_AUTH_TOKEN");
  const smsFrom = text("SMS_FROM");
  let sms: SmsCarrierConfig | undefined;
  if (smsAccountSid !== undefined) {
    if (!smsAuthToken || !smsFrom)
      problems.push("SMS_AUTH_TOKEN and SMS_FROM are required with SMS_ACCOUNT_SID");
    try {
      const url = new URL(smsApiUrl);
      if (url.protocol !== "https:" && url.hostname !== "127.0.0.1" && url.hostname !== "localhost")
        throw new Error("protocol");
    } catch {
      problems.push("SMS_API_URL must be an https:// address (http:// only on this machine)");
    }
    sms = {
      apiUrl: smsApiUrl,
      accountSid: smsAccountSid,
      authToken: smsAuthToken ?? "",
      from: smsFrom ?? "",
    };
  }

  const inboundEmailAddress = (text("INBOUND_EMAIL_ADDRESS") ?? "help@beacon.example").toLowerCase();
  if (
    !/^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(inboundEmailAddress) ||
    inboundEmailAddress.includes("+")
  )
    problems.push(
      `INBOUND_EMAIL_ADDRESS must be one plain address such as help@agency.gov, without "+" (got "${inboundEmailAddress}")`,
    );

  const agencyTimeZone = text("AGENCY_TIME_ZONE") ?? "America/New_York";
  try {
    new Intl.DateTimeFormat("en", { timeZone: agencyTimeZone });
  } catch {
    problems.push(
      `AGENCY_TIME_ZONE must be an IANA time zone such as America/New_York (got "${agencyTimeZone}")`,
    );
  }

  const statusEventsToken = text("STATUS_EVENTS_TOKEN");
  if (statusEventsToken !== undefined && statusEventsToken.length < 32) {
    problems.push("STATUS_EVENTS_TOKEN must be at least 32 characters (a long random secret)");
  }

  const caseDataKeyText = text("CASE_DATA_KEY");
  const caseDataKey = caseDataKeyText === undefined ? undefined : parseFieldKey(caseDataKeyText);
  if (caseDataKeyText !== undefined && caseDataKey === undefined) {
    problems.push("CASE_DATA_KEY must be 32 random bytes written as 64 hexadecimal digits or in base64");
  }
  if (caseDataKeyText === undefined && nodeEnv === "production") {
    problems.push(
      "CASE_DATA_KEY is required in production (openssl rand -hex 32); keep it apart from backups",
    );
  }

  // Checked either way; PGlite has one connection, so there an import sends one batch at a time.
  const importConnections = integer("STATUS_IMPORT_CONNECTIONS", 2, 1, 16);
  const statusImportConnections = databaseUrl ? importConnections : 1;

  const config: Config = {
    port,
    host,
    publicUrl,
    dataDir: path.resolve(text("DATA_DIR") ?? "./data"),
    databaseUrl,
    databasePoolSize: integer("DATABASE_POOL_SIZE", 10, 1, 200),
    logLevel,
    demo: flag("BEACON_DEMO", nodeEnv !== "production"),
    nodeEnv,
    rateLimitPerMinute: integer("RATE_LIMIT_PER_MINUTE", 300, 1, 1_000_000),
    caseLookupsPerMinute: integer("CASE_LOOKUPS_PER_MINUTE", 60, 1, 1_000_000),
    statusEventsToken,
    // On PGlite the import's statements run on the server's own thread, so it takes less of it.
    statusImportBusyPercent: integer("STATUS_IMPORT_BUSY_PERCENT", databaseUrl ? 25 : 20, 1, 100),
    statusImportConnections,
    caseDataKey,
    bodyLimitBytes: integer("BODY_LIMIT_BYTES", 1_048_576, 1024, 100 * 1_048_576),
    trustProxyHops: integer("TRUST_PROXY_HOPS", 0, 0, 10),
    smtpUrl,
    mailFrom,
    sms,
    staffOidc: oidc("STAFF"),
    publicOidc: oidc("PUBLIC"),
    agencyTimeZone,
    workspaceOverflowMinutes: integer("WORKSPACE_OVERFLOW_MINUTES", 30, 1, 10_080),
    qualitySamplePercent: integer("QUALITY_SAMPLE_PERCENT", 10, 0, 100),
    jobPollMs: integer("JOB_POLL_MS", 1000, 10, 60_000),
    jobConcurrency: integer("JOB_CONCURRENCY", 4, 1, 64),
    assistantRetentionDays: integer("ASSISTANT_RETENTION_DAYS", 90, 1, 3650),
    smtpPort: integer("SMTP_PORT", 2525, 0, 65535),
    smtpHost: text("SMTP_HOST") ?? "127.0.0.1",
    inboundEmailAddress,
    inboundEmailMaxBytes: integer("INBOUND_EMAIL_MAX_BYTES", 30 * 1_048_576, 65_536, 100 * 1_048_576),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const TEST_CASE_DATA_KEY = Buffer.alloc(32, 0x5a);

/** A configuration for tests: quiet, no demo data unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // A fixed key, for tests only: data sealed in one test app opens in the next.
  return {
    ...loadConfig({ NODE_ENV: "test", BEACON_DEMO: "false" }),
    caseDataKey: TEST_CASE_DATA_KEY,
    ...overrides,
  };
}
