import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Config } from "../../config.ts";
import type { HelpContent } from "../../modules/content/help-content.ts";
import type { Access } from "../../modules/identity/permissions.ts";
import type { FieldCipher } from "../crypto/field-cipher.ts";
import type { Database } from "../db/database.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { I18n } from "../i18n/catalogs.ts";
import type { Locale } from "../i18n/locales.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Metrics } from "../metrics.ts";
import type { RateLimit } from "./rate-limit.ts";

/** The shared parts every module may use, available as `app.beacon`. */
export interface Services {
  config: Config;
  database: Database;
  i18n: I18n;
  jobs: JobRunner;
  events: EventBus;
  metrics: Metrics;
  /** Every registered route and who may call it, for the route-permission test and docs. */
  routeTable: RouteSummary[];
  /** The published help content, in memory. */
  help: HelpContent;
  /** Encrypts and opens personal case fields (date of birth, A-number). */
  cipher: FieldCipher;
}

export interface RouteSummary {
  method: string;
  url: string;
  access: Access | undefined;
}

/** The Fastify instance with TypeBox as type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module "fastify" {
  interface FastifyInstance {
    beacon: Services;
  }
  interface FastifyRequest {
    /** The reader's language: from the URL prefix for pages, from Accept-Language for the API. */
    locale: Locale;
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route; every route declares it (see src/modules/identity/permissions.ts):
     * "public", "account" (a signed-in member of the public), or a staff permission.
     */
    access?: Access;
    /** Set on pages: the locale the page URL belongs to. */
    locale?: Locale;
    /** Exempt from the public rate limit (health checks, static assets). */
    rateLimitExempt?: boolean;
    /** This route's own per-address limit, counted apart from the rest (platform/http/rate-limit.ts). */
    rateLimit?: RateLimit;
    /** An anonymous form with no authority to forge (page feedback): no CSRF token needed. */
    csrfExempt?: boolean;
  }
}
