import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import type { PageContext } from "../../ui/page-context.ts";
import { requestsOfUser } from "./inquiry-tracking.service.ts";

type OwnRequest = Awaited<ReturnType<typeof requestsOfUser>>[number];

/** The signed-in person's requests, for their account page. */
export function yourRequests(db: Kysely<DB>, userId: string): Promise<OwnRequest[]> {
  return requestsOfUser(db, userId);
}

/**
 * "Your requests" on the account page: each links to `/account/requests/:reference`, which opens
 * the request's tracking page, so the page itself carries no private links.
 */
export function YourRequests({ ctx, requests }: { ctx: PageContext; requests: OwnRequest[] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="your-requests">
      <h2 id="your-requests">{t("inquiryPages.yours.heading")}</h2>
      {requests.length === 0 ? (
        <p>{t("inquiryPages.yours.none")}</p>
      ) : (
        <table class="usa-table usa-table--stacked">
          <caption class="usa-sr-only">{t("inquiryPages.yours.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("inquiryPages.track.reference")}</th>
              <th scope="col">{t("inquiryPages.track.type")}</th>
              <th scope="col">{t("inquiryPages.track.status")}</th>
              <th scope="col">{t("inquiryPages.track.sentOn")}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <tr key={request.reference}>
                <th scope="row" data-label={t("inquiryPages.track.reference")}>
                  <a class="usa-link" href={localizedPath(locale, `/account/requests/${request.reference}`)}>
                    {request.reference}
                  </a>
                </th>
                <td data-label={t("inquiryPages.track.type")}>{t(`inquiry.type.${request.type}.title`)}</td>
                <td data-label={t("inquiryPages.track.status")}>
                  {t(`inquiryPages.status.${request.status}`)}
                </td>
                <td data-label={t("inquiryPages.track.sentOn")}>{formatDate(request.created_at, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a class="usa-link" href={localizedPath(locale, "/requests")}>
          {t("inquiryPages.yours.send")}
        </a>
      </p>
    </section>
  );
}
