import type { FastifyReply } from "fastify";
import { Counter, Gauge } from "prom-client";
import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales.ts";
import { type CaseAnswer, type CaseAnswerCache, encoded } from "./case-status.cache.ts";
import { answerCaseLookup } from "./case-status.service.ts";

const StatusText = Type.Object({ code: Type.String(), title: Type.String(), description: Type.String() });
const CaseStatusResponse = Type.Object({
  receiptNumber: Type.String(),
  formType: Type.String(),
  formName: Type.String(),
  status: StatusText,
  lastUpdated: Type.String(),
  history: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), date: Type.String() })),
  nextSteps: Type.String(),
  processingTime: Type.Union([
    Type.Null(),
    Type.Object({
      p80Days: Type.Integer(),
      months: Type.Integer(),
      cutoffDate: Type.String(),
      outsideNormal: Type.Boolean(),
      inquiryFrom: Type.String(),
    }),
  ]),
});

/** Per address: enough for a family checking its cases, too few to walk the receipt-number space. */
export function caseLookupRateLimit(app: App) {
  return { max: app.beacon.config.caseLookupsPerMinute, timeWindow: 60_000 };
}

/** What the case-status API and page share: the cache of finished answers. */
export interface CaseStatusOptions {
  answers: CaseAnswerCache;
}

/** The encoding this client accepts, best first (as ui/render.ts decides for pages). */
function acceptedEncoding(accepts: string | undefined): "br" | "gzip" | undefined {
  const lower = (accepts ?? "").toLowerCase();
  if (/\bbr\b/.test(lower)) return "br";
  if (/\bgzip\b/.test(lower)) return "gzip";
  return undefined;
}

/** Sends the cached JSON as it is, in the encoding the client accepts (compressed once per answer). */
function sendAnswer(reply: FastifyReply, answer: CaseAnswer): FastifyReply {
  reply.type("application/json; charset=utf-8").header("vary", "accept-encoding");
  const encoding = acceptedEncoding(reply.request.headers["accept-encoding"]);
  const body = encoded(answer, encoding);
  if (body !== answer.json && encoding) reply.header("content-encoding", encoding);
  return reply.send(body);
}

/** Prometheus figures of the cache (API and page together): hits, misses, patches and its size. */
function watchCache(app: App, answers: CaseAnswerCache): void {
  const registers = [app.beacon.metrics.registry];
  new Counter({
    name: "beacon_case_answers_total",
    help: "Case-status lookups of a well-formed receipt (API and page), by whether the answer was cached",
    labelNames: ["cache"],
    registers,
    collect() {
      const { hits, misses } = answers.stats();
      this.reset();
      this.inc({ cache: "hit" }, hits);
      this.inc({ cache: "miss" }, misses);
    },
  });
  new Counter({
    name: "beacon_case_answers_patched_total",
    help: "Cached case records a status change brought up to date without reading the database",
    registers,
    collect() {
      this.reset();
      this.inc(answers.stats().patched);
    },
  });
  new Gauge({
    name: "beacon_case_answer_cache_bytes",
    help: "Estimated memory held by cached case-status answers",
    registers,
    collect() {
      this.set(answers.stats().bytes);
    },
  });
}

/**
 * `GET /api/v1/cases/{receipt}`: a case's status in the reader's language, without personal data.
 * The answer is the cached, serialised JSON (the response schema documents it; Fastify does not
 * serialise a Buffer again).
 */
export async function caseStatusRoutes(app: App, { answers }: CaseStatusOptions): Promise<void> {
  watchCache(app, answers);
  app.get(
    "/api/v1/cases/:receipt",
    {
      config: { access: "public", rateLimit: caseLookupRateLimit(app) },
      // Answers are compressed once, when first asked for in an encoding, and kept (sendAnswer).
      compress: false,
      schema: {
        params: Type.Object({ receipt: Type.String({ maxLength: 16_384 }) }),
        querystring: Type.Object(
          { locale: Type.Optional(Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)))) },
          { additionalProperties: false },
        ),
        response: { 200: CaseStatusResponse },
      },
    },
    async (request, reply) => {
      const locale = (request.query.locale ?? request.locale) as Locale;
      if (request.query.locale) request.locale = locale;
      const { database, i18n } = app.beacon;
      const answer = await answerCaseLookup(
        database.db,
        answers,
        request.params.receipt,
        locale,
        i18n.forLocale(locale),
      );
      return sendAnswer(reply, answer);
    },
  );
}
