import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError } from "../../../platform/errors.ts";
import type { App } from "../../../platform/http/types.ts";
import { sendPage } from "../../../ui/render.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { recordTotpStep, replaceRecoveryCodes } from "../credentials/credentials.repository.ts";
import { generateRecoveryCodes, hashRecoveryCode } from "../credentials/recovery-codes.ts";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from "../credentials/totp.ts";
import { type CurrentSession, completeSecondFactor } from "../sessions/sessions.service.ts";
import { setTotpSecret } from "../users.repository.ts";
import { StaffLayout } from "./StaffLayout.tsx";
import { staffContext } from "./staff-context.ts";

const BASE32 = /^[A-Z2-7]{16,64}$/;

/**
 * First sign-in of a staff member without one-time codes: scan a QR code, prove it works with a
 * code, get recovery codes. Until then their session opens nothing else.
 */
export async function staffEnrolPages(app: App): Promise<void> {
  const requireEnrollingStaff = (session: CurrentSession | null): CurrentSession => {
    if (session?.user.kind !== "staff")
      throw new AppError("UNAUTHENTICATED", "enrolment needs a staff session");
    if (session.user.totpEnrolled) throw new AppError("CONFLICT", "one-time codes are already on");
    return session;
  };

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, secret: string, error?: string) => {
    const session = requireEnrollingStaff(request.session);
    const ctx = staffContext(app, request, "/staff/enrol");
    const { t } = ctx;
    const svg = await totpQrSvg(totpUri(secret, session.user.email), t("staff.enrol.qrLabel"));
    const csrfToken = app.csrfTokenFor(request, reply);
    return sendPage(
      reply,
      <StaffLayout ctx={ctx} title={t("staff.enrol.title")} session={session} csrfToken={csrfToken}>
        <h1>{t("staff.enrol.title")}</h1>
        <p class="usa-intro">{t("staff.enrol.lead")}</p>
        {/* The SVG comes from the qrcode package, built from our own secret: no outside input. */}
        <div class="beacon-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <p>{t("staff.enrol.manual", { secret })}</p>
        <form class="usa-form" method="post" action="/staff/enrol">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="secret" value={secret} />
          {error && (
            <span class="usa-error-message" id="code-error" role="alert">
              {error}
            </span>
          )}
          <label class="usa-label" for="code">
            {t("staff.enrol.code")}
          </label>
          <input
            class={`usa-input usa-input--small${error ? " usa-input--error" : ""}`}
            id="code"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            aria-describedby={error ? "code-error" : undefined}
          />
          <button class="usa-button" type="submit">
            {t("staff.enrol.submit")}
          </button>
        </form>
      </StaffLayout>,
      error ? 400 : 200,
    );
  };

  app.get("/staff/enrol", { config: { access: "public" } }, (request, reply) =>
    renderForm(request, reply, newTotpSecret()),
  );

  app.post(
    "/staff/enrol",
    {
      config: { access: "public" },
      schema: {
        body: Type.Object(
          { secret: Type.String({ pattern: BASE32.source }), code: Type.String({ maxLength: 20 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const session = requireEnrollingStaff(request.session);
      const { secret, code } = request.body;
      const check = checkTotp(secret, code, null);
      if (!check.ok)
        return renderForm(request, reply, secret, staffContext(app, request, "").t("staff.enrol.wrongCode"));
      const codes = generateRecoveryCodes();
      const db = app.beacon.database.db;
      await db.transaction().execute(async (trx) => {
        await setTotpSecret(trx, session.user.id, secret);
        await recordTotpStep(trx, session.user.id, check.step);
        await replaceRecoveryCodes(trx, session.user.id, codes.map(hashRecoveryCode));
        await completeSecondFactor(trx, session.id);
        await recordAudit(trx, {
          actor: { id: session.user.id, label: session.user.email },
          action: "auth.totp_enrolled",
          target: { type: "user", id: session.user.id },
          ip: request.ip,
          outcome: "success",
        });
      });
      const ctx = staffContext(app, request, "/staff/enrol");
      const { t } = ctx;
      return sendPage(
        reply,
        <StaffLayout
          ctx={ctx}
          title={t("staff.enrol.done.title")}
          session={session}
          csrfToken={app.csrfTokenFor(request, reply)}
        >
          <h1>{t("staff.enrol.done.title")}</h1>
          <p class="usa-intro">{t("staff.enrol.done.lead")}</p>
          <ul class="usa-list usa-list--unstyled beacon-codes">
            {codes.map((recoveryCode) => (
              <li key={recoveryCode}>{recoveryCode}</li>
            ))}
          </ul>
          <p>
            <a class="usa-button" href="/staff">
              {t("staff.enrol.done.continue")}
            </a>
          </p>
        </StaffLayout>,
      );
    },
  );
}
