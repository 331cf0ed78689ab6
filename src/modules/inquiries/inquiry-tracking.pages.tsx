import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { AppError, isAppError } from "../../platform/errors.ts";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { Layout } from "../../ui/Layout.tsx";
import type { PageContext } from "../../ui/page-context.ts";
import { sendPage } from "../../ui/render.ts";
import { sendAttachment } from "./attachments/download.ts";
import { type AttachmentStorage, LocalDiskStorage } from "./attachments/storage.ts";
import { TrackingHelp, TrackingPage } from "./InquiryTracking.tsx";
import { inquiryDeps, publicUserOf } from "./inquiries.routes.ts";
import { trackingUrl } from "./inquiries.service.ts";
import type { FormProblem } from "./inquiry-form.state.ts";
import {
  addInformation,
  addingState,
  attachmentOfToken,
  inquiryOfToken,
  ownInquiry,
  type TrackedInquiry,
  trackingView,
} from "./inquiry-tracking.service.ts";
import { keepUploads, registerMultipartBody, uploadProblemKey, uploadsOf } from "./inquiry-uploads.ts";

const TOKEN = Type.String({ maxLength: 100 });
const TrackQuery = Type.Object(
  { token: Type.Optional(TOKEN), added: Type.Optional(Type.Literal("1")) },
  { additionalProperties: false },
);
const AddBody = Type.Object(
  { token: TOKEN, message: Type.Optional(Type.String({ maxLength: 10_000 })) },
  { additionalProperties: false },
);
const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * The private tracking page (`/requests/track?token=`), adding information and files to a request,
 * downloading its files with the same token, and `/account/requests/:reference`, which sends a
 * signed-in person from their account to the tracking page of one of their own requests.
 */
export async function inquiryTrackingPages(
  app: App,
  options: { storage?: AttachmentStorage } = {},
): Promise<void> {
  const storage = options.storage ?? new LocalDiskStorage(app.beacon.config.dataDir);
  await registerMultipartBody(app, storage);
  const { db } = app.beacon.database;
  const { config } = app.beacon;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    baseCtx: PageContext,
    inquiry: TrackedInquiry,
    token: string,
    extra: { added?: boolean; message?: string; problems?: FormProblem[] } = {},
    status = extra.problems?.length ? 400 : 200,
  ) => {
    // The language links keep the token, so switching language stays on this request.
    const ctx = { ...baseCtx, pagePath: `/requests/track?token=${encodeURIComponent(token)}` };
    const view = await trackingView(db, inquiry);
    const title = ctx.t("inquiryPages.track.title");
    reply.header("cache-control", "private, no-store");
    return sendPage(
      reply,
      <Layout
        ctx={ctx}
        title={extra.problems?.length ? ctx.t("inquiryPages.form.errorTitle", { title }) : title}
      >
        <TrackingPage
          ctx={ctx}
          inquiry={inquiry}
          view={view}
          token={token}
          csrf={app.csrfTokenFor(request, reply)}
          adding={addingState(inquiry)}
          timeZone={config.agencyTimeZone}
          {...extra}
        />
        <script src="/assets/inquiries/character-count.js" defer />
      </Layout>,
      status,
    );
  };

  registerPage(
    app,
    "/requests/track",
    async (request, reply, ctx) => {
      const { token, added } = request.query as Static<typeof TrackQuery>;
      if (!token)
        return sendPage(
          reply,
          <Layout ctx={ctx} title={ctx.t("inquiryPages.track.lookupTitle")}>
            <TrackingHelp ctx={ctx} signedIn={publicUserOf(request) !== undefined} />
          </Layout>,
        );
      const inquiry = await inquiryOfToken(db, token);
      return page(request, reply, ctx, inquiry, token, { added: added === "1" });
    },
    { schema: { querystring: TrackQuery } },
  );

  registerPage(
    app,
    "/requests/track",
    async (request, reply, ctx) => {
      const body = request.body as Static<typeof AddBody>;
      const inquiry = await inquiryOfToken(db, body.token);
      const uploads = uploadsOf(request);
      const message = body.message ?? "";
      if (uploads.problem)
        return page(
          request,
          reply,
          ctx,
          inquiry,
          body.token,
          { message, problems: [{ name: "attachments", messageKey: uploadProblemKey(uploads.problem) }] },
          uploads.problem.status,
        );
      try {
        await addInformation(db, inquiry, { body: message, files: uploads.files });
        keepUploads(request);
      } catch (error) {
        if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
        const problems = error.fields.map((p) => ({ name: p.field, messageKey: p.messageKey }));
        return page(request, reply, ctx, inquiry, body.token, { message, problems });
      }
      const back = `${localizedPath(ctx.locale, "/requests/track")}?token=${encodeURIComponent(body.token)}&added=1`;
      return reply.redirect(back, 303);
    },
    { method: "POST", schema: { body: AddBody } },
  );

  app.get(
    "/requests/track/attachments/:id",
    {
      config: { access: "public" },
      schema: {
        params: Type.Object({ id: Type.String({ pattern: UUID }) }),
        querystring: Type.Object({ token: TOKEN }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const file = await attachmentOfToken(db, request.query.token, request.params.id);
      return sendAttachment(reply, storage, file);
    },
  );

  registerPage(
    app,
    "/account/requests/:reference",
    async (request, reply, ctx) => {
      const user = publicUserOf(request);
      if (!user) throw new AppError("UNAUTHENTICATED");
      const { reference } = request.params as { reference: string };
      const inquiry = await ownInquiry(db, user.id, reference.toUpperCase());
      const link = new URL(trackingUrl(inquiryDeps(app), inquiry));
      return reply.redirect(`${localizedPath(ctx.locale, "/requests/track")}${link.search}`, 303);
    },
    {
      access: "account",
      schema: {
        params: Type.Object({ reference: Type.String({ pattern: "^[A-Za-z]{3}-\\d{2}-\\d{6}-\\d$" }) }),
      },
    },
  );
}
