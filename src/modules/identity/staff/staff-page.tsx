import type { FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { AppError } from "../../../platform/errors.ts";
import type { App } from "../../../platform/http/types.ts";
import type { PageContext } from "../../../ui/page-context.ts";
import { sendPage } from "../../../ui/render.ts";
import type { StaffRole } from "../permissions.ts";
import { StaffLayout } from "./StaffLayout.tsx";

/** The shell's part of a staff page: its context, its title and any client scripts. */
export interface StaffPage {
  ctx: PageContext;
  title: string;
  scripts?: string[];
}

/**
 * Sends a page in the staff shell (this person's sections, sign-out). It shows a signed-in
 * person's work, so no browser or proxy may keep it.
 */
export function sendStaffPage(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  page: StaffPage,
  body: ComponentChildren,
  status = 200,
) {
  reply.header("cache-control", "no-store");
  return sendPage(
    reply,
    <StaffLayout
      ctx={page.ctx}
      title={page.title}
      session={request.session ?? null}
      csrfToken={app.csrfTokenFor(request, reply)}
      scripts={page.scripts ?? []}
    >
      {body}
    </StaffLayout>,
    status,
  );
}

/** The signed-in staff member who acts, as services record them; anyone without a role is refused. */
export function staffActor(request: FastifyRequest): {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
} {
  const user = request.session?.user;
  if (!user?.role) throw new AppError("UNAUTHENTICATED");
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
}
