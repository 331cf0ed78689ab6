import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { App } from "../../../platform/http/types.ts";
import { sendPage } from "../../../ui/render.ts";
import { STAFF_ROLES, type StaffRole } from "../permissions.ts";
import { listStaff } from "../users.repository.ts";
import { StaffLayout } from "./StaffLayout.tsx";
import { type Administrator, changeStaffRole, createStaff, setStaffStatus } from "./staff-admin.service.ts";
import { staffContext } from "./staff-context.ts";

const Role = Type.Union(STAFF_ROLES.map((role) => Type.Literal(role)));
const Params = Type.Object({ id: Type.String({ format: "uuid" }) }, { additionalProperties: false });

interface Notice {
  kind: "success" | "error";
  text: string;
}

function administrator(request: FastifyRequest): Administrator {
  const user = request.session?.user;
  return { id: user?.id ?? "", email: user?.email ?? "", ip: request.ip };
}

/** Administrators create, disable and re-role staff accounts. */
export async function staffAdminPages(app: App): Promise<void> {
  const db = app.beacon.database.db;

  const render = async (request: FastifyRequest, reply: FastifyReply, notice?: Notice, status = 200) => {
    const ctx = staffContext(app, request, "/staff/admin/staff");
    const { t } = ctx;
    const csrfToken = app.csrfTokenFor(request, reply);
    const staff = await listStaff(db);
    const selfId = request.session?.user.id;
    return sendPage(
      reply,
      <StaffLayout ctx={ctx} title={t("staff.admin.title")} session={request.session} csrfToken={csrfToken}>
        <h1>{t("staff.admin.title")}</h1>
        {notice && (
          <div
            class={`usa-alert usa-alert--${notice.kind} usa-alert--slim`}
            role={notice.kind === "error" ? "alert" : "status"}
          >
            <div class="usa-alert__body">
              <p class="usa-alert__text">{notice.text}</p>
            </div>
          </div>
        )}
        <table class="usa-table usa-table--stacked">
          <caption>{t("staff.admin.list")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staff.admin.email")}</th>
              <th scope="col">{t("staff.admin.name")}</th>
              <th scope="col">{t("staff.admin.role")}</th>
              <th scope="col">{t("staff.admin.status")}</th>
              <th scope="col">{t("staff.admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <th scope="row" data-label={t("staff.admin.email")}>
                  {member.email}
                </th>
                <td data-label={t("staff.admin.name")}>{member.display_name}</td>
                <td data-label={t("staff.admin.role")}>{t(`staff.role.${member.role}`)}</td>
                <td data-label={t("staff.admin.status")}>
                  {t(`staff.admin.status.${member.status}`)} (
                  {member.totp_enabled_at ? t("staff.admin.codesOn") : t("staff.admin.codesOff")})
                </td>
                <td data-label={t("staff.admin.actions")}>
                  {member.id !== selfId && (
                    <>
                      <form
                        method="post"
                        action={`/staff/admin/staff/${member.id}/role`}
                        class="beacon-inline-form"
                      >
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <label class="usa-sr-only" for={`role-${member.id}`}>
                          {t("staff.admin.changeRole", { email: member.email })}
                        </label>
                        <select class="usa-select" id={`role-${member.id}`} name="role">
                          {STAFF_ROLES.map((role) => (
                            <option key={role} value={role} selected={role === member.role}>
                              {t(`staff.role.${role}`)}
                            </option>
                          ))}
                        </select>
                        <button class="usa-button usa-button--outline" type="submit">
                          {t("staff.admin.saveRole")}
                        </button>
                      </form>
                      <form method="post" action={`/staff/admin/staff/${member.id}/status`}>
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <input
                          type="hidden"
                          name="status"
                          value={member.status === "disabled" ? "active" : "disabled"}
                        />
                        <button class="usa-button usa-button--secondary" type="submit">
                          {member.status === "disabled"
                            ? t("staff.admin.enable", { email: member.email })
                            : t("staff.admin.disable", { email: member.email })}
                        </button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t("staff.admin.create.heading")}</h2>
        <form class="usa-form" method="post" action="/staff/admin/staff">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <label class="usa-label" for="new-email">
            {t("staff.admin.email")}
          </label>
          <input class="usa-input" id="new-email" name="email" type="email" autocomplete="off" required />
          <label class="usa-label" for="new-name">
            {t("staff.admin.name")}
          </label>
          <input class="usa-input" id="new-name" name="displayName" required />
          <label class="usa-label" for="new-role">
            {t("staff.admin.role")}
          </label>
          <select class="usa-select" id="new-role" name="role">
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`staff.role.${role}`)}
              </option>
            ))}
          </select>
          <label class="usa-label" for="new-password">
            {t("staff.admin.create.password")}
          </label>
          <span class="usa-hint" id="new-password-hint">
            {t("staff.admin.create.passwordHint")}
          </span>
          <input
            class="usa-input"
            id="new-password"
            name="password"
            type="password"
            autocomplete="new-password"
            aria-describedby="new-password-hint"
            required
          />
          <button class="usa-button" type="submit">
            {t("staff.admin.create.submit")}
          </button>
        </form>
      </StaffLayout>,
      status,
    );
  };

  const access = { access: "staff.manage" } as const;
  app.get("/staff/admin/staff", { config: access }, (request, reply) => render(request, reply));

  app.post(
    "/staff/admin/staff",
    {
      config: access,
      schema: {
        body: Type.Object(
          {
            email: Type.String({ format: "email", maxLength: 254 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            role: Role,
            password: Type.String({ maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const t = app.beacon.i18n.forLocale(request.locale);
      const body = request.body;
      const result = await createStaff(db, administrator(request), { ...body, role: body.role as StaffRole });
      if (result.outcome === "created") {
        return render(request, reply, {
          kind: "success",
          text: t("staff.admin.created", { email: body.email }),
        });
      }
      const text =
        result.outcome === "exists"
          ? t("staff.admin.exists")
          : result.problems.map((problem) => t(`staff.admin.password.${problem}`)).join(" ");
      return render(request, reply, { kind: "error", text }, 400);
    },
  );

  app.post(
    "/staff/admin/staff/:id/status",
    {
      config: access,
      schema: {
        params: Params,
        body: Type.Object(
          { status: Type.Union([Type.Literal("active"), Type.Literal("disabled")]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const email = await setStaffStatus(db, administrator(request), request.params.id, request.body.status);
      const t = app.beacon.i18n.forLocale(request.locale);
      return render(request, reply, { kind: "success", text: t("staff.admin.updated", { email }) });
    },
  );

  app.post(
    "/staff/admin/staff/:id/role",
    {
      config: access,
      schema: { params: Params, body: Type.Object({ role: Role }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const email = await changeStaffRole(
        db,
        administrator(request),
        request.params.id,
        request.body.role as StaffRole,
      );
      const t = app.beacon.i18n.forLocale(request.locale);
      return render(request, reply, { kind: "success", text: t("staff.admin.updated", { email }) });
    },
  );
}
