import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales.ts";
import { lookUpCase } from "./case-status.service.ts";

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

/** `GET /api/v1/cases/{receipt}`: a case's status in the reader's language, without personal data. */
export async function caseStatusRoutes(app: App): Promise<void> {
  app.get(
    "/api/v1/cases/:receipt",
    {
      config: { access: "public", rateLimit: caseLookupRateLimit(app) },
      schema: {
        params: Type.Object({ receipt: Type.String({ maxLength: 16_384 }) }),
        querystring: Type.Object(
          { locale: Type.Optional(Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)))) },
          { additionalProperties: false },
        ),
        response: { 200: CaseStatusResponse },
      },
    },
    async (request) => {
      const locale = (request.query.locale ?? request.locale) as Locale;
      if (request.query.locale) request.locale = locale;
      return lookUpCase(app.beacon.database.db, request.params.receipt, app.beacon.i18n.forLocale(locale));
    },
  );
}
