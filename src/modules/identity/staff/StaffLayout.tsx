import type { ComponentChildren } from "preact";
import { Layout, type NavItem } from "../../../ui/Layout.tsx";
import type { PageContext } from "../../../ui/page-context.ts";
import { type Permission, roleHas } from "../permissions.ts";
import type { CurrentSession } from "../sessions/sessions.service.ts";

const STAFF_SECTIONS: ReadonlyArray<{ href: string; key: string; permission: Permission }> = [
  { href: "/staff", key: "staff.nav.home", permission: "staff.home" },
  { href: "/staff/workspace", key: "staff.nav.workspace", permission: "workspace.use" },
  { href: "/staff/supervisor", key: "supervision.nav.dashboard", permission: "workspace.supervise" },
  { href: "/staff/quality", key: "supervision.nav.quality", permission: "workspace.supervise" },
  { href: "/staff/workspace/macros", key: "macros.title", permission: "workspace.supervise" },
  { href: "/staff/content", key: "staff.nav.content", permission: "content.edit" },
  { href: "/staff/reports", key: "staff.nav.reports", permission: "reports.read" },
  { href: "/staff/admin/staff", key: "staff.nav.staff", permission: "staff.manage" },
  { href: "/staff/notifications", key: "notifications.staff.nav", permission: "notifications.manage" },
  { href: "/staff/outbox", key: "notifications.outbox.nav", permission: "outbox.read" },
  { href: "/staff/audit", key: "staff.nav.audit", permission: "audit.read" },
];

/** The staff sections this person's role opens, in menu order. */
export function staffSections(session: CurrentSession | null) {
  const role = session?.user.role;
  return STAFF_SECTIONS.filter((section) => role && roleHas(role, section.permission));
}

interface StaffLayoutProps {
  ctx: PageContext;
  title: string;
  session: CurrentSession | null;
  csrfToken?: string;
  children: ComponentChildren;
  scripts?: string[];
}

/** The page shell for staff: their sections in the menu, and a sign-out button. */
export function StaffLayout({ ctx, title, session, csrfToken, children, scripts }: StaffLayoutProps) {
  const { t } = ctx;
  const nav: NavItem[] = session?.secondFactorDone
    ? staffSections(session).map((section) => ({ href: section.href, label: t(section.key) }))
    : [];
  const signOut = session && csrfToken && (
    <form method="post" action="/staff/logout" class="beacon-signout">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <a class="beacon-signout__name" href="/staff/security">
        {t("staff.signedInAs", { name: session.user.displayName })}
      </a>
      <button type="submit" class="usa-button usa-button--unstyled">
        {t("staff.signOut")}
      </button>
    </form>
  );
  return (
    <Layout
      ctx={ctx}
      title={title}
      nav={nav}
      headerActions={signOut}
      languageLinks={false}
      scripts={scripts ?? []}
    >
      {children}
    </Layout>
  );
}
