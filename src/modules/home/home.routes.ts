import { h } from "preact";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { localizedPath } from "../../platform/i18n/locales.ts";
import { sendPage } from "../../ui/render.ts";
import { ComingSoonPage, HomePage, LanguagesPage } from "./home.pages.tsx";

/** Pages whose features arrive in later issues, and the catalog key naming each. */
const COMING_SOON = [
  { path: "/appointments", featureKey: "home.task.appointments.title" },
  { path: "/contact", featureKey: "home.task.contact.title" },
  { path: "/accessibility", featureKey: "footer.accessibility" },
  { path: "/privacy", featureKey: "footer.privacy" },
] as const;

/** Short addresses people were given before the features existed, and where they live now. */
const MOVED = [
  { path: "/ask", to: "/requests" },
  { path: "/change-address", to: "/requests/new/change-address" },
] as const;

export async function homeRoutes(app: App): Promise<void> {
  for (const moved of MOVED) {
    registerPage(app, moved.path, (_request, reply, ctx) =>
      reply.redirect(localizedPath(ctx.locale, moved.to), 301),
    );
  }
  registerPage(app, "/", (_request, reply, ctx) => sendPage(reply, h(HomePage, { ctx })));
  registerPage(app, "/languages", (_request, reply, ctx) => sendPage(reply, h(LanguagesPage, { ctx })));
  for (const page of COMING_SOON) {
    registerPage(app, page.path, (_request, reply, ctx) =>
      sendPage(reply, h(ComingSoonPage, { ctx, feature: ctx.t(page.featureKey) })),
    );
  }
}
