import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { type BrowserSession, signInAsStaff } from "../../../test/support/sessions.ts";
import { DEMO_STAFF, seedDemoStaff } from "./demo-accounts.ts";
import { isPermission, roleHas } from "./permissions.ts";

for (const target of databaseTargets()) {
  describe(`route permissions on ${target.name}`, () => {
    let t: TestApp;
    const sessions = new Map<string, BrowserSession>();
    before(async () => {
      t = await createTestApp(target);
      await seedDemoStaff(t.app.beacon.database.db);
      for (const staff of DEMO_STAFF) sessions.set(staff.role, await signInAsStaff(t.app, staff.email));
    });
    after(() => t.close());

    it("every route declares who may call it", () => {
      const undeclared = t.app.beacon.routeTable.filter(
        (r) => r.access === undefined && !r.url.startsWith("/assets/"),
      );
      assert.deepEqual(undeclared, []);
    });

    it("refuses every staff route to visitors who are not signed in", async () => {
      const staffRoutes = t.app.beacon.routeTable.filter(
        (r) => r.access && isPermission(r.access) && r.method !== "HEAD",
      );
      assert.ok(staffRoutes.length >= 8);
      for (const route of staffRoutes) {
        const url = route.url.replace(":id", "00000000-0000-4000-8000-000000000000");
        const response = await t.app.inject({ method: route.method as "GET", url });
        assert.ok(
          [303, 401].includes(response.statusCode),
          `${route.method} ${route.url}: ${response.statusCode}`,
        );
      }
    });

    it("opens each staff GET route to exactly the roles that hold its permission", async () => {
      await sql`SELECT 1`.execute(t.app.beacon.database.db);
      // Event streams never end, so inject cannot wait for them; their access is checked above.
      const pages = t.app.beacon.routeTable.filter(
        (r) =>
          r.method === "GET" &&
          r.access &&
          isPermission(r.access) &&
          !r.url.includes(":") &&
          !r.url.endsWith("/events"),
      );
      for (const route of pages) {
        for (const staff of DEMO_STAFF) {
          const response = await sessions.get(staff.role)?.get(route.url);
          const allowed = roleHas(staff.role, route.access as never);
          assert.equal(response?.statusCode, allowed ? 200 : 403, `${staff.role} GET ${route.url}`);
        }
      }
    });

    it("refuses state-changing staff routes to roles without the permission, before reading the form", async () => {
      const actions = t.app.beacon.routeTable.filter(
        (r) => r.method === "POST" && r.access && isPermission(r.access),
      );
      for (const route of actions) {
        const url = route.url.replace(":id", "00000000-0000-4000-8000-000000000000");
        for (const staff of DEMO_STAFF.filter((s) => !roleHas(s.role, route.access as never))) {
          const response = await t.app.inject({
            method: "POST",
            url,
            headers: {
              cookie: sessions.get(staff.role)?.jar.header() ?? "",
              "content-type": "application/x-www-form-urlencoded",
            },
            payload: "",
          });
          assert.equal(response.statusCode, 403, `${staff.role} POST ${route.url}`);
        }
      }
    });
  });
}
