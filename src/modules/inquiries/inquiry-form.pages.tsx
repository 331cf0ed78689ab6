import { randomUUID } from "node:crypto";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { listLinkedCases, listRepresentedCases } from "../identity/public/accounts.repository.ts";
import type { AttachmentStorage } from "./attachments/storage.ts";
import { LocalDiskStorage } from "./attachments/storage.ts";
import { localDateOf } from "./business-days.ts";
import { type FormView, OtherTypesLink, StepForm, StepIndicator } from "./InquiryForm.tsx";
import { Confirmation, Ineligible, ReviewStep } from "./InquiryReview.tsx";
import { CaseStep, ContactStep, DetailsStep } from "./InquirySteps.tsx";
import { inquiryDeps, publicUserOf } from "./inquiries.routes.ts";
import { submitInquiry } from "./inquiries.service.ts";
import {
  checkStep,
  type FormProblem,
  type FormState,
  InquiryFormBody,
  type OwnCase,
  type StepCode,
  stepOfName,
  stepsFor,
  submissionOf,
} from "./inquiry-form.state.ts";
import { attachUploads } from "./inquiry-tracking.service.ts";
import {
  INQUIRY_TYPE_CODES,
  INQUIRY_TYPES,
  type InquiryTypeCode,
  isInquiryTypeCode,
} from "./inquiry-types.ts";
import { keepUploads, registerMultipartBody, uploadProblemKey, uploadsOf } from "./inquiry-uploads.ts";

const TypeParams = Type.Object({ type: Type.String({ maxLength: 40 }) });

/** `/requests`: every kind of request with what it is for, and how to follow one already sent. */
function RequestsIndex({ ctx, signedIn }: { ctx: PageContext; signedIn: boolean }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t("inquiryPages.index.title")}>
      <h1>{t("inquiryPages.index.title")}</h1>
      <p class="usa-intro">{t("inquiryPages.index.lead")}</p>
      <h2>{t("inquiryPages.index.typesHeading")}</h2>
      <ul class="usa-list usa-list--unstyled">
        {INQUIRY_TYPE_CODES.map((code) => (
          <li key={code} class="margin-bottom-3">
            <a class="usa-link text-bold" href={localizedPath(locale, `/requests/new/${code}`)}>
              {t(`inquiry.type.${code}.title`)}
            </a>
            <p class="margin-y-05">{t(`inquiry.type.${code}.description`)}</p>
            {INQUIRY_TYPES[code].proof === "case" && (
              <p class="usa-hint margin-y-05">{t("inquiryPages.index.needsCase")}</p>
            )}
          </li>
        ))}
      </ul>
      <h2 id="track">{t("inquiryPages.index.trackHeading")}</h2>
      <p>{t("inquiryPages.index.trackBody")}</p>
      <p>
        {t(signedIn ? "inquiryPages.index.trackSignedIn" : "inquiryPages.index.trackSignIn")}{" "}
        <a class="usa-link" href={localizedPath(locale, signedIn ? "/account" : "/signin")}>
          {t(signedIn ? "inquiryPages.index.account" : "inquiryPages.index.signIn")}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The public request form: `/requests` (choose a kind of request) and `/requests/new/:type`, a
 * step-by-step form that posts the whole form at every step (see inquiry-form.state.ts for why),
 * then a confirmation with the reference number. Multipart forms (files on the last step) are
 * parsed into the body so the one CSRF hook checks them (see inquiry-uploads.ts).
 */
/** What another page (the assistant) may fill in for the person: bounded like the form itself. */
const PrefillQuery = Type.Object(
  {
    receiptNumber: Type.Optional(Type.String({ maxLength: 64 })),
    message: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export async function inquiryFormPages(
  app: App,
  options: { storage?: AttachmentStorage } = {},
): Promise<void> {
  const storage = options.storage ?? new LocalDiskStorage(app.beacon.config.dataDir);
  await registerMultipartBody(app, storage);
  await app.register(fastifyStatic, {
    root: path.join(import.meta.dirname, "client"),
    prefix: "/assets/inquiries/",
    decorateReply: false,
    maxAge: "1h",
  });
  const { db } = app.beacon.database;
  const { i18n, config } = app.beacon;

  registerPage(app, "/requests", (request, reply, ctx) =>
    sendPage(reply, <RequestsIndex ctx={ctx} signedIn={publicUserOf(request) !== undefined} />),
  );

  const ownCasesOf = async (request: FastifyRequest): Promise<OwnCase[]> => {
    const user = publicUserOf(request);
    if (!user) return [];
    const rows = [
      ...(await listLinkedCases(db, user.id)),
      ...(user.representativeIdNumber ? await listRepresentedCases(db, user.representativeIdNumber) : []),
    ];
    const unique = new Map(rows.map((row) => [row.receipt_number, row.form_code]));
    return [...unique].map(([receiptNumber, formCode]) => ({ receiptNumber, formCode }));
  };

  const typeCodeOf = (request: FastifyRequest): InquiryTypeCode => {
    const { type } = request.params as Static<typeof TypeParams>;
    if (!isInquiryTypeCode(type)) throw new AppError("NOT_FOUND", `no request type ${type.slice(0, 40)}`);
    return type;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    baseCtx: PageContext,
    form: { code: InquiryTypeCode; state: FormState; step: StepCode; problems?: FormProblem[] },
    status = form.problems?.length ? 400 : 200,
  ) => {
    const ctx = { ...baseCtx, pagePath: `/requests/new/${form.code}` };
    const type = INQUIRY_TYPES[form.code];
    const steps = stepsFor(type);
    const view: FormView = {
      ctx,
      type,
      steps,
      step: form.step,
      state: form.state,
      problems: form.problems ?? [],
      ownCases: await ownCasesOf(request),
      csrf: app.csrfTokenFor(request, reply),
      has: (key) => i18n.has(ctx.locale, key) || i18n.has("en", key),
    };
    const { t } = ctx;
    const typeTitle = t(`inquiry.type.${type.code}.title`);
    const index = steps.indexOf(form.step);
    const title = t("inquiryPages.form.pageTitle", { title: typeTitle, from: index + 1, to: steps.length });
    const action = localizedPath(ctx.locale, ctx.pagePath);
    const last = form.step === "review";
    // The hidden answers include a date of birth: never kept by a shared cache or a shared computer.
    reply.header("cache-control", "private, no-store");
    return sendPage(
      reply,
      <Layout
        ctx={ctx}
        title={view.problems.length > 0 ? t("inquiryPages.form.errorTitle", { title }) : title}
      >
        <OtherTypesLink ctx={ctx} />
        <h1>{typeTitle}</h1>
        <StepIndicator ctx={ctx} steps={steps} step={form.step} />
        <StepForm
          view={view}
          action={action}
          multipart={last && type.attachments !== "none"}
          primary={
            last
              ? { label: t("inquiryPages.review.send"), go: "submit" }
              : { label: t("inquiryPages.form.continue"), go: "next" }
          }
        >
          {form.step === "case" && <CaseStep view={view} />}
          {form.step === "details" && <DetailsStep view={view} />}
          {form.step === "contact" && <ContactStep view={view} />}
          {last && <ReviewStep view={view} />}
        </StepForm>
        <script src="/assets/inquiries/character-count.js" defer />
      </Layout>,
      status,
    );
  };

  registerPage(
    app,
    "/requests/new/:type",
    (request, reply, ctx) => {
      const code = typeCodeOf(request);
      const user = request.session?.user;
      const state: FormState = { submissionId: randomUUID() };
      if (user && user.kind !== "staff") {
        state["contact.name"] = user.displayName;
        state["contact.email"] = user.email;
      }
      // The assistant links here with what it already knows, so the person does not type it again.
      const { receiptNumber, message } = request.query as Static<typeof PrefillQuery>;
      if (receiptNumber) state.receiptNumber = receiptNumber;
      if (message) state.message = message;
      return show(request, reply, ctx, { code, state, step: stepsFor(INQUIRY_TYPES[code])[0] ?? "contact" });
    },
    { schema: { params: TypeParams, querystring: PrefillQuery } },
  );

  registerPage(
    app,
    "/requests/new/:type",
    async (request, reply, baseCtx) => {
      const code = typeCodeOf(request);
      const ctx = { ...baseCtx, pagePath: `/requests/new/${code}` };
      const type = INQUIRY_TYPES[code];
      const steps = stepsFor(type);
      const { step: posted, go: postedGo, ...state } = request.body as Static<typeof InquiryFormBody>;
      const formState = state as FormState;
      formState.submissionId ??= randomUUID();
      const step = posted && steps.includes(posted) ? posted : (steps[0] ?? "contact");
      const at = steps.indexOf(step);
      const uploads = uploadsOf(request);
      const form = (target: StepCode, problems: FormProblem[] = [], status?: number) =>
        show(request, reply, ctx, { code, state: formState, step: target, problems }, status);

      const go = postedGo ?? (uploads.problem ? "review" : "next");
      if (go === "back") return form(steps[Math.max(0, at - 1)] ?? step);
      const edit = go.startsWith("edit-") ? (go.slice(5) as StepCode) : undefined;
      if (edit && steps.includes(edit)) return form(edit);
      if (uploads.problem)
        return form(
          "review",
          [{ name: "attachments", messageKey: uploadProblemKey(uploads.problem) }],
          uploads.problem.status,
        );

      const ownCases = await ownCasesOf(request);
      const today = localDateOf(new Date(), config.agencyTimeZone);
      if (go !== "submit" || step !== "review") {
        const problems = checkStep(step, type, formState, ownCases, today);
        if (problems.length > 0) return form(step, problems);
        return form(steps[at + 1] ?? "review");
      }
      for (const each of steps) {
        const problems = checkStep(each, type, formState, ownCases, today);
        if (problems.length > 0) return form(each, problems);
      }
      const user = publicUserOf(request);
      try {
        const result = await submitInquiry(
          inquiryDeps(app),
          submissionOf(code, ctx.locale, formState, ownCases, user),
        );
        // A replay is the same request sent twice: its files arrived with the first one.
        if (result.outcome !== "replayed" && uploads.files.length > 0) {
          await attachUploads(db, result.referenceNumber, uploads.files);
          keepUploads(request);
        }
        const { t } = ctx;
        const title = t(
          result.outcome === "linked" ? "inquiryPages.done.linkedTitle" : "inquiryPages.done.title",
        );
        // The page carries the private tracking link.
        reply.header("cache-control", "private, no-store");
        return sendPage(
          reply,
          <Layout ctx={ctx} title={title}>
            <Confirmation
              ctx={ctx}
              result={result}
              email={formState["contact.email"]?.trim() ?? ""}
              signedIn={user !== undefined}
            />
          </Layout>,
        );
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === "INVALID_INPUT" && error.fields.length > 0) {
          const problems = error.fields.map((p) => ({ name: p.field, messageKey: p.messageKey }));
          const target = stepOfName(problems[0]?.name ?? "", steps);
          return form(
            target,
            problems.filter((p) => stepOfName(p.name, steps) === target),
          );
        }
        const reason = error.reason ? ctx.t(error.reason.key, error.reason.values) : undefined;
        if (error.code === "CASE_NOT_VERIFIED" && reason && steps.includes("case"))
          return form("case", [{ name: "receiptNumber", messageKey: error.reason?.key ?? "" }], 422);
        if (error.code === "INQUIRY_NOT_ELIGIBLE" && reason) {
          const view: FormView = {
            ctx,
            type,
            steps,
            step: "review",
            state: formState,
            problems: [],
            ownCases,
            csrf: app.csrfTokenFor(request, reply),
            has: () => false,
          };
          return sendPage(
            reply,
            <Layout ctx={ctx} title={ctx.t("inquiryPages.ineligible.title")}>
              <Ineligible view={view} action={localizedPath(ctx.locale, ctx.pagePath)} reason={reason} />
            </Layout>,
            422,
          );
        }
        throw error;
      }
    },
    { method: "POST", schema: { params: TypeParams, body: InquiryFormBody } },
  );
}
