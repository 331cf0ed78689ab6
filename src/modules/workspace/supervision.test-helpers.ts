import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import type { DatabaseTarget } from "../../../test/support/databases.ts";
import { type BrowserSession, csrfFrom, signInAsStaff } from "../../../test/support/sessions.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { seedDemoStaff } from "../identity/demo-accounts.ts";
import { findUserByEmail } from "../identity/users.repository.ts";
import { inquiryDeps } from "../inquiries/inquiries.routes.ts";
import { submitInquiry } from "../inquiries/inquiries.service.ts";
import type { InquiryTypeCode } from "../inquiries/inquiry-types.ts";
import { seedDemoAgents } from "./demo-workspace.ts";
import type { StaffActor } from "./workspace.service.ts";

export const T1 = "t1.agent@beacon.example";
export const T2 = "t2.officer@beacon.example";
export const SUPERVISOR = "supervisor@beacon.example";

/**
 * The supervision suites' setup on `target`, called inside `describe`: a fresh app with the demo
 * staff and agents, the supervisor and a Tier 1 agent signed in, and helpers to make requests and
 * post forms. The app and sessions are ready once the suite's `before` has run.
 */
export function supervisionFixture(target: DatabaseTarget) {
  let t: TestApp;
  let supervisor: BrowserSession;
  let agent: BrowserSession;
  const staff = new Map<string, StaffActor>();
  const idOf = (email: string) => staff.get(email)?.id ?? "";

  before(async () => {
    t = await createTestApp(target);
    const db = t.app.beacon.database.db;
    await seedDemoData(db, { cases: 0, cipher: testCipher });
    await seedDemoStaff(db);
    await seedDemoAgents(db);
    for (const email of [T1, T2, SUPERVISOR]) {
      const user = await findUserByEmail(db, email);
      assert.ok(user?.role);
      staff.set(email, { id: user.id, email, displayName: user.display_name, role: user.role as never });
    }
    supervisor = await signInAsStaff(t.app, SUPERVISOR);
    agent = await signInAsStaff(t.app, T1);
  });
  after(() => t.close());

  let serial = 0;
  /** A request made through the real intake; returns its id. */
  const request = async (type: InquiryTypeCode = "general-question", locale: "en" | "es" | "ht" = "en") => {
    serial++;
    const made = await submitInquiry(inquiryDeps(t.app), {
      type,
      locale,
      channel: "web",
      contact: { name: `Person ${serial}`, email: `person${serial}@example.org` },
      fields: type === "complaint" ? { complaintAbout: "delay" } : {},
      message: `Question number ${serial}`,
    });
    const row = await t.app.beacon.database.db
      .selectFrom("inquiries")
      .select("id")
      .where("reference", "=", made.referenceNumber)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const update = (id: string, set: Record<string, unknown>) =>
    t.app.beacon.database.db
      .updateTable("inquiries")
      .set(set as never)
      .where("id", "=", id)
      .execute();

  /** Posts a form with repeated fields (checkboxes), with the CSRF token of `formPage`. */
  const postForm = async (
    session: BrowserSession,
    url: string,
    pairs: Array<[string, string]>,
    formPage: string,
  ): Promise<LightMyRequestResponse> => {
    const page = await session.get(formPage);
    const body = new URLSearchParams([["_csrf", csrfFrom(page.body)], ...pairs]).toString();
    return t.app.inject({
      method: "POST",
      url,
      headers: { cookie: session.jar.header(), "content-type": "application/x-www-form-urlencoded" },
      payload: body,
    });
  };

  return {
    get t() {
      return t;
    },
    get supervisor() {
      return supervisor;
    },
    get agent() {
      return agent;
    },
    staff,
    idOf,
    request,
    update,
    postForm,
  };
}
