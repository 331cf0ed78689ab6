import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { listProcessingTimes } from "./cases.repository.ts";
import { inquiryAnswer } from "./processing-time.ts";

const ProcessingTime = Type.Object({
  form: Type.String(),
  formName: Type.String(),
  office: Type.String(),
  officeName: Type.String(),
  category: Type.String(),
  medianDays: Type.Integer(),
  p80Days: Type.Integer(),
  months: Type.Integer(),
  receiptDateForInquiry: Type.String(),
  publishedOn: Type.String(),
});

export const ProcessingTimeQuery = Type.Object(
  {
    form: Type.Optional(Type.String({ pattern: "^[A-Za-z]{1,2}-?[0-9]{1,4}[A-Za-z]?$", maxLength: 10 })),
    office: Type.Optional(Type.String({ pattern: "^[A-Za-z]{2,5}$" })),
  },
  { additionalProperties: false },
);

/** Normalises `i765` or `I-765` to the stored `I-765`. */
export function formCode(typed: string | undefined): string | undefined {
  if (!typed) return undefined;
  const match = /^([A-Za-z]{1,2})-?([0-9]{1,4}[A-Za-z]?)$/.exec(typed.trim());
  return match ? `${match[1]?.toUpperCase()}-${match[2]?.toUpperCase()}` : undefined;
}

/** Rows with today's "receipt date for a case inquiry": cases received on or before it may be asked about. */
export async function processingTimeRows(app: App, form?: string, office?: string) {
  const rows = await listProcessingTimes(app.beacon.database.db, {
    form: formCode(form),
    office: office?.toUpperCase(),
  });
  const today = new Date();
  return rows.map((row) => {
    const answer = inquiryAnswer(today.toISOString().slice(0, 10), row.p80_days, today);
    return {
      form: row.form_code,
      formName: row.form_title,
      office: row.office_code,
      officeName: row.office_name,
      category: row.category,
      medianDays: row.median_days,
      p80Days: row.p80_days,
      months: answer.months,
      receiptDateForInquiry: answer.cutoffDate,
      publishedOn: row.published_on,
    };
  });
}

/** `GET /api/v1/processing-times?form=&office=`: published processing times and inquiry cut-offs. */
export async function processingTimesRoutes(app: App): Promise<void> {
  app.get(
    "/api/v1/processing-times",
    {
      config: { access: "public" },
      schema: {
        querystring: ProcessingTimeQuery,
        response: { 200: Type.Object({ processingTimes: Type.Array(ProcessingTime) }) },
      },
    },
    async (request) => ({
      processingTimes: await processingTimeRows(app, request.query.form, request.query.office),
    }),
  );
}
