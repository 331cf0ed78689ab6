import { randomUUID } from "node:crypto";
import path from "node:path";
import { constants as zlibConstants } from "node:zlib";
import compress from "@fastify/compress";
import formbody from "@fastify/formbody";
import fastifyStatic from "@fastify/static";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, LogController } from "fastify";
import type { Config } from "./config.ts";
import { assistantPages } from "./modules/assistant/assistant.pages.tsx";
import { assistantRoutes } from "./modules/assistant/assistant.routes.ts";
import {
  assistantRetentionJob,
  scheduleAssistantRetention,
} from "./modules/assistant/jobs/assistant-retention.job.ts";
import { auditPages } from "./modules/audit/audit.pages.tsx";
import { CaseAnswerCache } from "./modules/cases/case-status.cache.ts";
import { caseStatusPages } from "./modules/cases/case-status.pages.tsx";
import { caseStatusRoutes } from "./modules/cases/case-status.routes.ts";
import { processingTimesPages } from "./modules/cases/processing-times.pages.tsx";
import { processingTimesRoutes } from "./modules/cases/processing-times.routes.ts";
import { statusEventRoutes } from "./modules/cases/status-events.routes.ts";
import { contentEditorPages } from "./modules/content/content-editor.pages.tsx";
import { helpPages } from "./modules/content/help.pages.tsx";
import { helpApiRoutes } from "./modules/content/help.routes.ts";
import { HelpContent } from "./modules/content/help-content.ts";
import { sendEmailJob } from "./modules/email/jobs/send-email.job.ts";
import { createMailer } from "./modules/email/mailer.ts";
import { homeRoutes } from "./modules/home/home.routes.ts";
import { installAccess } from "./modules/identity/access.ts";
import { oidcRoutes } from "./modules/identity/oidc/oidc.routes.ts";
import { accountPages } from "./modules/identity/public/account.pages.tsx";
import { accountAuthPages } from "./modules/identity/public/account-auth.pages.tsx";
import { securityPages } from "./modules/identity/security.pages.tsx";
import { staffAdminPages } from "./modules/identity/staff/staff-admin.pages.tsx";
import { staffEnrolPages } from "./modules/identity/staff/staff-enrol.pages.tsx";
import { staffHomePages } from "./modules/identity/staff/staff-home.pages.tsx";
import { staffLoginPages } from "./modules/identity/staff/staff-login.pages.tsx";
import { startInboundEmail, stopInboundEmail } from "./modules/inquiries/email-channel/smtp-listener.ts";
import { inquiryRoutes } from "./modules/inquiries/inquiries.routes.ts";
import { inquiryFormPages } from "./modules/inquiries/inquiry-form.pages.tsx";
import { inquiryTrackingPages } from "./modules/inquiries/inquiry-tracking.pages.tsx";
import { deliverJob } from "./modules/notifications/jobs/deliver.job.ts";
import { notificationsAdminPages } from "./modules/notifications/notifications-admin.pages.tsx";
import { outboxSmsProvider } from "./modules/notifications/sms/sms-provider.ts";
import { twilioSmsProvider } from "./modules/notifications/sms/twilio.ts";
import { smsRoutes } from "./modules/notifications/sms.routes.ts";
import { subscriptionPages } from "./modules/notifications/subscriptions.pages.tsx";
import { subscriptionRoutes } from "./modules/notifications/subscriptions.routes.ts";
import { notifyStatusChanges } from "./modules/notifications/subscriptions.service.ts";
import { scheduleOverflow } from "./modules/workspace/jobs/overflow.job.ts";
import { macrosPages } from "./modules/workspace/macros/macros.pages.tsx";
import { supervisionPages } from "./modules/workspace/supervision.pages.tsx";
import { registerWorkspaceJobs } from "./modules/workspace/workspace.deps.ts";
import { workspaceEvents } from "./modules/workspace/workspace.events.ts";
import { workspacePages } from "./modules/workspace/workspace.pages.tsx";
import { fieldCipherFor } from "./platform/crypto/field-cipher.ts";
import type { Database } from "./platform/db/database.ts";
import { reportWhenBusy } from "./platform/events/busy-signal.ts";
import { EventBus } from "./platform/events/event-bus.ts";
import { installErrorHandling } from "./platform/http/error-handler.ts";
import { healthRoutes } from "./platform/http/health.ts";
import { installSecurity } from "./platform/http/security.ts";
import type { App, RouteSummary } from "./platform/http/types.ts";
import { I18n } from "./platform/i18n/catalogs.ts";
import { negotiateLocale, splitLocale } from "./platform/i18n/locales.ts";
import { JobRunner } from "./platform/jobs/runner.ts";
import type { Logger } from "./platform/log.ts";
import { Metrics } from "./platform/metrics.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface BuildOptions {
  config: Config;
  /** An open, migrated database. The app owns it from here on and closes it in `app.close()`. */
  database: Database;
  logger: Logger;
  /** Shared across apps in one test process, to avoid re-reading catalogs. */
  i18n?: I18n;
}

/** Builds the Fastify app from the platform parts and the modules. Does not listen or start workers. */
export async function buildApp({ config, database, logger, i18n = new I18n() }: BuildOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Request lines only at debug level: at info, one line per request would drown the rest.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace",
    }),
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = new Metrics(database);
  const jobs = new JobRunner(database, logger.child({ component: "jobs" }), {
    concurrency: config.jobConcurrency,
    pollMs: config.jobPollMs,
    onFailure: (job, willRetry) => metrics.jobFailures.inc({ job, outcome: willRetry ? "retry" : "dead" }),
  });
  const mailer = createMailer(config, { log: logger.child({ component: "email" }), outbox: database.db });
  const sms = config.sms
    ? twilioSmsProvider({ ...config.sms, statusCallbackUrl: `${config.publicUrl}/api/v1/sms/status` })
    : outboxSmsProvider(database.db);
  jobs.register(sendEmailJob(mailer), deliverJob({ db: database.db, mailer, sms }));
  jobs.register(
    assistantRetentionJob({ db: database.db, jobs, retentionDays: config.assistantRetentionDays }),
  );
  const events = new EventBus(database, logger.child({ component: "events" }));
  // A listening process tells the others when it is busy serving; bulk imports then yield to it.
  let stopBusyReports = () => {};
  app.addHook("onListen", async () => {
    stopBusyReports = reportWhenBusy(events, logger.child({ component: "events" }));
  });
  const routeTable: RouteSummary[] = [];
  const help = new HelpContent(database.db);
  help.listen(events);
  // Finished case-status answers, dropped when an import changes a case's status in any process.
  const caseAnswers = new CaseAnswerCache();
  caseAnswers.listen(events);
  const cipher = fieldCipherFor(config);
  app.decorate("beacon", { config, database, i18n, jobs, events, metrics, routeTable, help, cipher });
  registerWorkspaceJobs(app);
  app.addHook("onReady", () => help.reload());
  app.decorateRequest("locale", "en");

  // Every route says who may call it; a route that forgets fails at start, not in production.
  app.addHook("onRoute", (route) => {
    const isAsset = route.url.startsWith("/assets/");
    if (!isAsset && route.config?.access === undefined) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, access: route.config?.access });
  });

  // The hooks every request passes take a callback rather than being async: no promise and no
  // extra turn of the microtask queue per request for work that never waits.
  app.addHook("onRequest", (request, reply, done) => {
    request.locale =
      request.routeOptions.config?.locale ??
      (request.url.startsWith("/api/")
        ? negotiateLocale(request.headers["accept-language"])
        : splitLocale(request.url).locale);
    reply.header("x-request-id", request.id);
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? "(unmatched)",
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  // On shutdown, answers still in flight tell the client to close the connection: otherwise an
  // idle keep-alive connection would hold the server open for the 72 s keep-alive timeout.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onClose", async () => {
    // First: the listener writes requests and jobs until its last message is answered.
    await stopInboundEmail(app);
    await jobs.stop();
    await mailer.close();
    stopBusyReports();
    await events.stop();
    await database.close();
  });

  installSecurity(app, config);
  // Compression keeps a first visit to an article small on a slow phone connection.
  // Brotli at quality 4 with a 64 KB window: pages are smaller than that, and the default 4 MB
  // window made each compressed response allocate megabytes (a quarter of the speed of the home
  // page went there). Cached article pages are compressed harder, once.
  await app.register(compress, {
    global: true,
    encodings: ["br", "gzip"],
    threshold: 1024,
    brotliOptions: {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_LGWIN]: 16 },
    },
  });
  installErrorHandling(app);
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(fastifyStatic, {
    root: path.join(ROOT, "node_modules/@uswds/uswds/dist"),
    prefix: "/assets/uswds/",
    maxAge: "1d",
  });
  await app.register(fastifyStatic, {
    root: path.join(ROOT, "public"),
    prefix: "/assets/",
    decorateReply: false,
    maxAge: "1h",
  });

  await installAccess(app);
  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(staffLoginPages);
  await app.register(staffEnrolPages);
  await app.register(staffHomePages);
  await app.register(staffAdminPages);
  await app.register(accountAuthPages);
  await app.register(accountPages);
  await app.register(oidcRoutes);
  await app.register(securityPages);
  await app.register(helpPages);
  await app.register(helpApiRoutes);
  await app.register(contentEditorPages);
  await app.register(caseStatusRoutes, { answers: caseAnswers });
  await app.register(caseStatusPages, { answers: caseAnswers });
  await app.register(processingTimesRoutes);
  await app.register(statusEventRoutes, {
    onStatusChanged: notifyStatusChanges({ jobs, i18n, publicUrl: config.publicUrl }),
  });
  await app.register(subscriptionRoutes);
  await app.register(subscriptionPages);
  await app.register(smsRoutes);
  await app.register(notificationsAdminPages);
  await app.register(macrosPages);
  await app.register(inquiryRoutes);
  await app.register(supervisionPages);
  await app.register(workspaceEvents);
  await app.register(workspacePages);
  await app.register(inquiryFormPages);
  await app.register(inquiryTrackingPages);
  await app.register(processingTimesPages);
  await app.register(auditPages);
  await app.register(assistantRoutes);
  await app.register(assistantPages);
  return app;
}

/**
 * Starts the background parts of a serving process: the job runner, cross-process events and
 * the inbound SMTP listener (SMTP_PORT; 0 leaves it off).
 */
export async function startWorkers(app: App): Promise<void> {
  await app.beacon.events.start();
  await app.beacon.jobs.start();
  await startInboundEmail(app);
  await scheduleOverflow(app.beacon.jobs, app.beacon.database.db, new Date());
  // Recurring: each run queues the next; this queues today's in case the chain was broken.
  await scheduleAssistantRetention(app.beacon.jobs, app.beacon.database.db, new Date());
}
