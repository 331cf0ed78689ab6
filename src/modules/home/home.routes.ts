import { h } from "preact";
import { registerPage } from "../../platform/http/pages.ts";
import type { App } from "../../platform/http/types.ts";
import { sendPage } from "../../ui/render.ts";
import { ComingSoonPage, HomePage, LanguagesPage } from "./home.pages.tsx";

/** Pages whose features arrive in later issues, and the catalog key naming each. */
const COMING_SOON = [
  { path: "/ask", featureKey: "home.task.ask.title" },
  { path: "/change-address", featureKey: "home.task.address.title" },
  { path: "/appointments", featureKey: "home.task.appointments.title" },
  { path: "/contact", featureKey: "home.task.contact.title" },
  { path: "/accessibility", featureKey: "footer.accessibility" },
  { path: "/privacy", featureKey: "footer.privacy" },
] as const;

export async function homeRoutes(app: App): Promise<void> {
  registerPage(app, "/", (_request, reply, ctx) => sendPage(reply, h(HomePage, { ctx })));
  registerPage(app, "/languages", (_request, reply, ctx) => sendPage(reply, h(LanguagesPage, { ctx })));
  for (const page of COMING_SOON) {
    registerPage(app, page.path, (_request, reply, ctx) =>
      sendPage(reply, h(ComingSoonPage, { ctx, feature: ctx.t(page.featureKey) })),
    );
  }
}
