import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { App } from "../../platform/http/types.ts";
import { LOCALE_CODES, type Locale } from "../../platform/i18n/locales.ts";
import { inboundAddressesOf, replyAddress } from "./email-channel/inbound-address.ts";
import { type InquiryDeps, submitInquiry } from "./inquiries.service.ts";
import { INQUIRY_TYPE_CODES, INQUIRY_TYPES, type InquiryTypeCode } from "./inquiry-types.ts";

const LocaleCode = Type.Union(LOCALE_CODES.map((code) => Type.Literal(code)));

const InquiryBody = Type.Object(
  {
    type: Type.Union(INQUIRY_TYPE_CODES.map((code) => Type.Literal(code))),
    locale: Type.Optional(LocaleCode),
    contact: Type.Object(
      {
        name: Type.String({ maxLength: 300 }),
        email: Type.String({ maxLength: 300 }),
        phone: Type.Optional(Type.String({ maxLength: 60 })),
      },
      { additionalProperties: false },
    ),
    receiptNumber: Type.Optional(Type.String({ maxLength: 64 })),
    dateOfBirth: Type.Optional(Type.String({ maxLength: 10 })),
    familyName: Type.Optional(Type.String({ maxLength: 100 })),
    fields: Type.Optional(
      Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 5000 }), { maxProperties: 30 }),
    ),
    message: Type.String({ maxLength: 10_000 }),
  },
  { additionalProperties: false },
);

const InquiryCreated = Type.Object({
  referenceNumber: Type.String(),
  status: Type.String(),
  trackingUrl: Type.String(),
  replyBy: Type.String(),
  /** True when the message joined an open request about the same case (the reference is that request's). */
  linkedToExisting: Type.Boolean(),
});

/** The services a request needs, from the app. */
export function inquiryDeps(app: App): InquiryDeps {
  const { database, jobs, i18n, cipher, config } = app.beacon;
  return {
    db: database.db,
    jobs,
    i18n,
    cipher,
    publicUrl: config.publicUrl,
    timeZone: config.agencyTimeZone,
    // Replies to Beacon's e-mails about a request come back to it through the inbound SMTP listener.
    replyAddress: (replyToken) => replyAddress(inboundAddressesOf(config), replyToken),
  };
}

/** A signed-in member of the public or representative, whose visible cases need no other proof. */
export function publicUserOf(request: FastifyRequest) {
  const user = request.session?.user;
  return user && user.kind !== "staff"
    ? { id: user.id, representativeIdNumber: user.representativeIdNumber }
    : undefined;
}

/**
 * `POST /api/v1/inquiries` (201 with the reference, or 200 when it joined an open request; 400
 * with every field problem; 422 when the case is not proven or the request not yet allowed) and
 * `GET /api/v1/inquiry-types?locale=` (every type with its fields, labels and rules).
 */
export async function inquiryRoutes(app: App): Promise<void> {
  app.post(
    "/api/v1/inquiries",
    {
      config: { access: "public" },
      schema: {
        body: InquiryBody,
        headers: Type.Object({
          "idempotency-key": Type.Optional(
            Type.String({ minLength: 8, maxLength: 200, pattern: "^[\\x21-\\x7e]+$" }),
          ),
        }),
        response: { 200: InquiryCreated, 201: InquiryCreated },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const locale = (body.locale ?? request.locale) as Locale;
      request.locale = locale;
      const result = await submitInquiry(inquiryDeps(app), {
        type: body.type as InquiryTypeCode,
        locale,
        channel: "api",
        contact: body.contact,
        receiptNumber: body.receiptNumber,
        dateOfBirth: body.dateOfBirth,
        familyName: body.familyName,
        fields: body.fields ?? {},
        message: body.message,
        user: publicUserOf(request),
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      });
      const { outcome, ...answer } = result;
      return reply
        .code(outcome === "linked" ? 200 : 201)
        .send({ ...answer, linkedToExisting: outcome === "linked" });
    },
  );

  app.get(
    "/api/v1/inquiry-types",
    {
      config: { access: "public" },
      schema: {
        querystring: Type.Object({ locale: Type.Optional(LocaleCode) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const locale = (request.query.locale ?? request.locale) as Locale;
      const t = app.beacon.i18n.forLocale(locale);
      const has = (key: string) => app.beacon.i18n.has(locale, key) || app.beacon.i18n.has("en", key);
      return {
        locale,
        types: INQUIRY_TYPE_CODES.map((code) => {
          const type = INQUIRY_TYPES[code];
          return {
            code,
            title: t(`inquiry.type.${code}.title`),
            description: t(`inquiry.type.${code}.description`),
            proof: type.proof,
            anonymousAllowed: type.proof !== "case",
            eligibility: type.eligibility,
            serviceLevelBusinessDays: type.slaBusinessDays,
            attachments: type.attachments,
            fields: type.fields.map((field) => ({
              name: field.name,
              kind: field.kind,
              required: field.required,
              ...(field.maxLength ? { maxLength: field.maxLength } : {}),
              label: t(`inquiry.field.${field.name}.label`),
              ...(has(`inquiry.field.${field.name}.hint`)
                ? { hint: t(`inquiry.field.${field.name}.hint`) }
                : {}),
              ...(field.options
                ? {
                    options: field.options.map((value) => ({
                      value,
                      label: t(`inquiry.field.${field.name}.option.${value}`),
                    })),
                  }
                : {}),
            })),
          };
        }),
      };
    },
  );
}
