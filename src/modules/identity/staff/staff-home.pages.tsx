import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "../../../platform/http/types.ts";
import { sendPage } from "../../../ui/render.ts";
import type { Permission } from "../permissions.ts";
import { StaffLayout, staffSections } from "./StaffLayout.tsx";
import { staffContext } from "./staff-context.ts";

const SECTION_TEXT: Record<string, string> = {
  "/staff/workspace": "staff.home.section.workspace",
  "/staff/content": "staff.home.section.content",
  "/staff/reports": "staff.home.section.reports",
  "/staff/admin/staff": "staff.home.section.staff",
  "/staff/audit": "staff.home.section.audit",
  "/staff/supervisor": "supervision.agents.lead",
  "/staff/quality": "supervision.quality.lead",
  "/staff/workspace/macros": "macros.lead",
  "/staff/notifications": "notifications.staff.lead",
  "/staff/outbox": "notifications.outbox.lead",
};

/** Sections whose issues have not landed yet: each says so plainly, behind its permission. */
const COMING_SOON: ReadonlyArray<{ path: string; key: string; permission: Permission }> = [
  { path: "/staff/reports", key: "staff.nav.reports", permission: "reports.read" },
];

/** The staff home page: what this person's role lets them do, and nothing else. */
export async function staffHomePages(app: App): Promise<void> {
  app.get("/staff", { config: { access: "staff.home" } }, async (request, reply) => {
    const ctx = staffContext(app, request, "/staff");
    const { t } = ctx;
    const session = request.session;
    const user = session?.user;
    const sections = staffSections(session).filter((section) => section.href !== "/staff");
    return sendPage(
      reply,
      <StaffLayout
        ctx={ctx}
        title={t("staff.home.title", { name: user?.displayName ?? "" })}
        session={session}
        csrfToken={app.csrfTokenFor(request, reply)}
      >
        <h1>{t("staff.home.title", { name: user?.displayName ?? "" })}</h1>
        <p class="usa-intro">{t("staff.home.lead", { role: t(`staff.role.${user?.role}`) })}</p>
        <ul class="usa-card-group">
          {sections.map((section) => (
            <li key={section.href} class="usa-card tablet:grid-col-6">
              <div class="usa-card__container">
                <div class="usa-card__header">
                  <h2 class="usa-card__heading">
                    <a href={section.href}>{t(section.key)}</a>
                  </h2>
                </div>
                <div class="usa-card__body">
                  <p>{t(SECTION_TEXT[section.href] ?? "staff.comingSoon")}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </StaffLayout>,
    );
  });

  for (const page of COMING_SOON) {
    app.get(page.path, { config: { access: page.permission } }, (request, reply) =>
      comingSoon(app, request, reply, page.key),
    );
  }
}

function comingSoon(app: App, request: FastifyRequest, reply: FastifyReply, titleKey: string) {
  const ctx = staffContext(app, request, request.url);
  return sendPage(
    reply,
    <StaffLayout
      ctx={ctx}
      title={ctx.t(titleKey)}
      session={request.session}
      csrfToken={app.csrfTokenFor(request, reply)}
    >
      <h1>{ctx.t(titleKey)}</h1>
      <p>{ctx.t("staff.comingSoon")}</p>
    </StaffLayout>,
  );
}
