import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import {
  findUserByEmail,
  findUserByOidc,
  insertOidcPublicUser,
  linkOidcIdentity,
} from "../users.repository.ts";
import type { OidcIdentity } from "./oidc-client.ts";

export type OidcAccountResult =
  | { outcome: "signed_in"; userId: string; kind: "staff" | "public" | "representative" }
  | { outcome: "no_account" };

/**
 * Finds the Beacon account of a person the provider vouched for: by (issuer, subject) first, then by
 * a verified e-mail address, linking the two on first use. Staff accounts are never created here:
 * an administrator creates them. A member of the public without an account gets one.
 */
export async function accountForIdentity(
  db: Kysely<DB>,
  identity: OidcIdentity,
  audience: "staff" | "public",
  context: { ip: string; locale: string },
): Promise<OidcAccountResult> {
  const email = identity.email.trim().toLowerCase();
  const audit = { actor: { label: email }, action: `auth.${audience}_sso_sign_in`, ip: context.ip };
  let user = await findUserByOidc(db, identity.issuer, identity.subject);
  if (!user && identity.emailVerified) {
    const byEmail = await findUserByEmail(db, email);
    if (byEmail && byEmail.oidc_subject === null) {
      await linkOidcIdentity(db, byEmail.id, identity.issuer, identity.subject);
      user = byEmail;
    }
  }
  const fits = (kind: string) => (audience === "staff" ? kind === "staff" : kind !== "staff");
  if (user && (!fits(user.kind) || user.status !== "active")) {
    await recordAudit(db, { ...audit, actor: { id: user.id, label: email }, outcome: "denied" });
    return { outcome: "no_account" };
  }
  if (!user) {
    if (audience === "staff" || !identity.emailVerified || (await findUserByEmail(db, email))) {
      await recordAudit(db, { ...audit, outcome: "denied", details: { reason: "no_account" } });
      return { outcome: "no_account" };
    }
    const id = await insertOidcPublicUser(db, {
      email,
      displayName: identity.name?.slice(0, 200) || email,
      issuer: identity.issuer,
      subject: identity.subject,
      preferredLanguage: context.locale,
    });
    await recordAudit(db, {
      ...audit,
      actor: { id, label: email },
      outcome: "success",
      details: { created: true },
    });
    return { outcome: "signed_in", userId: id, kind: "public" };
  }
  await recordAudit(db, { ...audit, actor: { id: user.id, label: email }, outcome: "success" });
  return { outcome: "signed_in", userId: user.id, kind: user.kind };
}
