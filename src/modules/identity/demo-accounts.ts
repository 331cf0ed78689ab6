import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { hashPassword } from "./credentials/passwords.ts";
import type { StaffRole } from "./permissions.ts";
import { findUserByEmail, insertStaffUser } from "./users.repository.ts";

/** The demo password and TOTP secret of every demo staff account (README). Demo mode only. */
export const DEMO_PASSWORD = "beacon-demo-2026";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

export const DEMO_STAFF: ReadonlyArray<{ email: string; displayName: string; role: StaffRole }> = [
  { email: "t1.agent@beacon.example", displayName: "Tama Agent", role: "t1_agent" },
  { email: "t2.officer@beacon.example", displayName: "Tomás Officer", role: "t2_officer" },
  { email: "supervisor@beacon.example", displayName: "Sunita Supervisor", role: "supervisor" },
  { email: "editor@beacon.example", displayName: "Eduardo Editor", role: "content_editor" },
  { email: "analyst@beacon.example", displayName: "Ana Analyst", role: "analyst" },
  { email: "admin@beacon.example", displayName: "Adaeze Admin", role: "administrator" },
];

/** Creates one staff account per role, unless it exists. Called only when demo mode is on. */
export async function seedDemoStaff(db: Kysely<DB>): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const staff of DEMO_STAFF) {
    if (await findUserByEmail(db, staff.email)) continue;
    await insertStaffUser(db, { ...staff, passwordHash, totpSecret: DEMO_TOTP_SECRET });
    created++;
  }
  return created;
}
