import { formatDate } from "../../platform/i18n/dates.ts";
import { type Locale, localeInfo, localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { ErrorSummary, Notice } from "../identity/public/AccountPages.tsx";
import { localDateOf } from "./business-days.ts";
import { MessageBox } from "./InquiryForm.tsx";
import { FileInput, Lines } from "./InquiryReview.tsx";
import type { FormProblem } from "./inquiry-form.state.ts";
import type { addingState, TrackedInquiry, trackingView } from "./inquiry-tracking.service.ts";
import { INQUIRY_TYPES, isInquiryTypeCode } from "./inquiry-types.ts";

type View = Awaited<ReturnType<typeof trackingView>>;
type TimelineEvent = View["events"][number];

export interface TrackingPageProps {
  ctx: PageContext;
  inquiry: TrackedInquiry;
  view: View;
  token: string;
  csrf: string;
  adding: ReturnType<typeof addingState>;
  timeZone: string;
  added?: boolean;
  message?: string;
  problems?: FormProblem[];
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment in the reader's language, in the agency's time zone. */
export function formatMoment(moment: Date, locale: Locale, timeZone: string): string {
  const cacheKey = `${locale}|${timeZone}`;
  let format = dateTimeFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(localeInfo(locale).htmlLang, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone,
    });
    dateTimeFormats.set(cacheKey, format);
  }
  return format.format(moment);
}

/** The status in words people use. */
export function statusWords(ctx: PageContext, status: string): string {
  return ctx.t(`inquiryPages.status.${status}`);
}

function eventTitle(ctx: PageContext, event: TimelineEvent): string | undefined {
  switch (event.kind) {
    case "created":
      return ctx.t("inquiryPages.event.created");
    case "message":
      return ctx.t(event.actor_kind === "person" ? "inquiryPages.event.message" : "inquiryPages.event.reply");
    case "reply":
      return ctx.t("inquiryPages.event.reply");
    case "status_changed":
      return event.to_status
        ? ctx.t("inquiryPages.event.status", { status: statusWords(ctx, event.to_status) })
        : undefined;
    case "linked":
      return ctx.t("inquiryPages.event.linked");
    default:
      return undefined;
  }
}

function Timeline({
  ctx,
  events,
  timeZone,
}: {
  ctx: PageContext;
  events: TimelineEvent[];
  timeZone: string;
}) {
  const shown = events.flatMap((event) => {
    const title = eventTitle(ctx, event);
    return title ? [{ event, title }] : [];
  });
  return (
    <ol class="usa-process-list">
      {shown.map(({ event, title }) => (
        <li class="usa-process-list__item" key={event.id}>
          <h3 class="usa-process-list__heading">{title}</h3>
          <p class="usa-hint margin-top-05">{formatMoment(event.created_at, ctx.locale, timeZone)}</p>
          {event.body && event.kind !== "status_changed" && (
            <p>
              <Lines text={event.body} />
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function Files({ ctx, view, token }: { ctx: PageContext; view: View; token: string }) {
  const { t, locale } = ctx;
  if (view.attachments.length === 0) return <p>{t("inquiryPages.track.noFiles")}</p>;
  const size = new Intl.NumberFormat(localeInfo(locale).htmlLang, {
    style: "unit",
    unit: "kilobyte",
    maximumFractionDigits: 0,
  });
  return (
    <table class="usa-table usa-table--borderless width-full">
      <caption class="usa-sr-only">{t("inquiryPages.track.files")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("inquiryPages.track.fileName")}</th>
          <th scope="col">{t("inquiryPages.track.fileSize")}</th>
          <th scope="col">{t("inquiryPages.track.fileAdded")}</th>
        </tr>
      </thead>
      <tbody>
        {view.attachments.map((file) => (
          <tr key={file.id}>
            <td>
              <a
                class="usa-link"
                href={`/requests/track/attachments/${file.id}?token=${encodeURIComponent(token)}`}
                download={file.file_name}
              >
                {file.file_name}
              </a>
            </td>
            <td>{size.format(Math.max(1, Math.ceil(file.bytes / 1024)))}</td>
            <td>{formatDate(file.created_at, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddInformation(props: TrackingPageProps) {
  const { ctx, inquiry, adding, token, csrf, problems = [] } = props;
  const { t, locale } = ctx;
  const newRequest = (
    <p>
      <a class="usa-button" href={localizedPath(locale, "/requests")}>
        {t("inquiryPages.track.newRequest")}
      </a>
    </p>
  );
  if (adding.kind === "closed" || adding.kind === "tooOld")
    return (
      <>
        <Notice kind="info">
          {t(adding.kind === "closed" ? "inquiryPages.track.closed" : "inquiryPages.track.tooOld")}
        </Notice>
        {newRequest}
      </>
    );
  const takesFiles = isInquiryTypeCode(inquiry.type) && INQUIRY_TYPES[inquiry.type].attachments !== "none";
  const errors = new Map(problems.map((p) => [p.name, t(p.messageKey, p.values)]));
  return (
    <>
      {adding.kind === "reopen" && adding.reopenUntil && (
        <Notice kind="info">
          {t("inquiryPages.track.reopen", { date: formatDate(adding.reopenUntil, locale) })}
        </Notice>
      )}
      <p>{t("inquiryPages.track.addLead")}</p>
      <ErrorSummary ctx={ctx} errors={[...errors].map(([field, text]) => ({ field, text }))} />
      <form
        class="usa-form usa-form--large"
        method="post"
        action={localizedPath(locale, "/requests/track")}
        enctype={takesFiles ? "multipart/form-data" : undefined}
        novalidate
      >
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="token" value={token} />
        <MessageBox
          view={{ ctx, state: { message: props.message ?? "" }, problems }}
          name="message"
          label={t("inquiryPages.contact.message")}
        />
        {takesFiles && <FileInput ctx={ctx} error={errors.get("attachments")} />}
        <button class="usa-button" type="submit">
          {t("inquiryPages.track.send")}
        </button>
      </form>
    </>
  );
}

/** The private tracking page: the request, its timeline and files, and a way to add to it. */
export function TrackingPage(props: TrackingPageProps) {
  const { ctx, inquiry, view, token, timeZone, added } = props;
  const { t, locale } = ctx;
  const open = !["resolved", "closed"].includes(inquiry.status);
  return (
    <>
      <h1>{t("inquiryPages.track.title")}</h1>
      {added && <Notice kind="success">{t("inquiryPages.track.added")}</Notice>}
      {inquiry.status === "waiting_on_person" && (
        <Notice kind="info">{t("inquiryPages.track.waitingOnYou")}</Notice>
      )}
      <table class="usa-table usa-table--borderless width-full">
        <tbody>
          <tr>
            <th scope="row">{t("inquiryPages.track.reference")}</th>
            <td class="font-mono-md text-bold" id="reference-number">
              {inquiry.reference}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("inquiryPages.track.type")}</th>
            <td>{t(`inquiry.type.${inquiry.type}.title`)}</td>
          </tr>
          <tr>
            <th scope="row">{t("inquiryPages.track.status")}</th>
            <td id="request-status">{statusWords(ctx, inquiry.status)}</td>
          </tr>
          <tr>
            <th scope="row">{t("inquiryPages.track.sentOn")}</th>
            <td>{formatDate(inquiry.created_at, locale)}</td>
          </tr>
          {open && (
            <tr>
              <th scope="row">{t("inquiryPages.track.replyBy")}</th>
              <td>{formatDate(localDateOf(inquiry.reply_due_at, timeZone), locale)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>{t("inquiryPages.track.timeline")}</h2>
      <Timeline ctx={ctx} events={view.events} timeZone={timeZone} />
      <h2>{t("inquiryPages.track.files")}</h2>
      <Files ctx={ctx} view={view} token={token} />
      <h2>{t("inquiryPages.track.addHeading")}</h2>
      <AddInformation {...props} />
    </>
  );
}

/** `/requests/track` without a link: where the link is, and where signed-in people find theirs. */
export function TrackingHelp({ ctx, signedIn }: { ctx: PageContext; signedIn: boolean }) {
  const { t, locale } = ctx;
  return (
    <>
      <h1>{t("inquiryPages.track.lookupTitle")}</h1>
      <p class="usa-intro">{t("inquiryPages.index.trackBody")}</p>
      <p>
        {t(signedIn ? "inquiryPages.index.trackSignedIn" : "inquiryPages.index.trackSignIn")}{" "}
        <a class="usa-link" href={localizedPath(locale, signedIn ? "/account" : "/signin")}>
          {t(signedIn ? "inquiryPages.index.account" : "inquiryPages.index.signIn")}
        </a>
      </p>
      <p>
        <a class="usa-link" href={localizedPath(locale, "/requests")}>
          {t("inquiryPages.track.newRequest")}
        </a>
      </p>
    </>
  );
}
