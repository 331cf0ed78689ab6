import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import * as inquiries from "../inquiries/inquiries.repository.ts";
import { transition } from "../inquiries/inquiry-actions.service.ts";
import * as repository from "./workspace.repository.ts";
import { actorOf, changed, type StaffActor, type WorkspaceDeps } from "./workspace.service.ts";

/**
 * Assigns a request to the least-loaded free agent whose skills match, in one transaction with
 * the request row locked. With `allowLanguageLine`, an agent without the request's language may
 * take it, and the request is marked for an interpreter. Returns the agent, or undefined when no
 * one is free (the request waits; the overflow job tries again).
 */
export async function autoAssign(
  deps: Pick<WorkspaceDeps, "db" | "events">,
  inquiryId: string,
  options: { allowLanguageLine: boolean } = { allowLanguageLine: false },
): Promise<{ agentId: string; languageLine: boolean } | undefined> {
  // On a busy day nobody is free most of the time: find that out in two reads, no transaction.
  const waiting = await repository.findUnassigned(deps.db, inquiryId).executeTakeFirst();
  if (!waiting || !(await chooseAgent(deps.db, waiting, options.allowLanguageLine))) return undefined;
  const result = await deps.db.transaction().execute(async (trx) => {
    const request = await repository.lockUnassigned(trx, inquiryId);
    if (!request) return undefined;
    const chosen = await chooseAgent(trx, request, options.allowLanguageLine);
    if (!chosen) return undefined;
    const { agent, languageLine } = chosen;
    await assignInTransaction(trx, request, { id: agent.user_id, label: agent.display_name }, languageLine, {
      kind: "system",
      id: null,
      label: "Beacon",
    });
    return { agentId: agent.user_id, languageLine, queue: request.queue };
  });
  if (result) await changed(deps as WorkspaceDeps, { id: inquiryId, queue: result.queue }, "assigned");
  return result && { agentId: result.agentId, languageLine: result.languageLine };
}

/** An agent who speaks the request's language, else (when allowed) any agent, with a language line. */
async function chooseAgent(
  db: Kysely<DB>,
  request: Parameters<typeof repository.pickAgent>[1],
  allowLanguageLine: boolean,
) {
  const agent = await repository.pickAgent(db, request, false);
  if (agent) return { agent, languageLine: false };
  const anyLanguage = allowLanguageLine ? await repository.pickAgent(db, request, true) : undefined;
  return anyLanguage && { agent: anyLanguage, languageLine: true };
}

async function assignInTransaction(
  trx: Kysely<DB>,
  request: { id: string; status: string },
  agent: { id: string; label: string },
  languageLine: boolean,
  by: { kind: "staff" | "system"; id: string | null; label: string },
) {
  await repository.assignTo(trx, request.id, agent.id, { languageLine, openIfNew: false });
  if (request.status === "new") await transition(trx, request, "open", by);
  await inquiries.insertInquiryEvent(trx, {
    inquiry_id: request.id,
    kind: "note",
    visibility: "internal",
    actor_kind: by.kind,
    actor_id: by.id,
    actor_label: by.label,
    body: languageLine ? `Assigned to ${agent.label} (language line needed)` : `Assigned to ${agent.label}`,
  });
}

/** "Get next": the agent pulls the oldest waiting request they may take, their language first. */
export async function getNext(deps: WorkspaceDeps, actor: StaffActor): Promise<string | undefined> {
  const profile = await repository.findAgentProfile(deps.db, actor.id);
  if (!profile) throw new AppError("FORBIDDEN", "no agent profile");
  const taken = await deps.db.transaction().execute(async (trx) => {
    const request = await repository.nextForAgent(trx, profile);
    if (!request) return undefined;
    const languageLine = !profile.languages.includes(request.locale);
    await assignInTransaction(
      trx,
      request,
      { id: actor.id, label: actor.displayName },
      languageLine,
      actorOf(actor),
    );
    return request;
  });
  if (taken) await changed(deps, taken, "assigned");
  return taken?.id;
}

export async function setAvailability(
  deps: WorkspaceDeps,
  actor: StaffActor,
  status: "available" | "busy" | "away",
) {
  const profile = await repository.findAgentProfile(deps.db, actor.id);
  if (!profile) throw new AppError("FORBIDDEN", "no agent profile");
  await repository.setAgentStatus(deps.db, actor.id, status);
  await changed(deps, { id: "", queue: "*" }, `agent:${status}`);
  if (status === "available") await fillAgent(deps, actor, profile);
}

/**
 * An agent who becomes available takes waiting requests in their languages, up to their
 * capacity, oldest due first; requests in other languages wait for a reader or the overflow.
 */
async function fillAgent(
  deps: WorkspaceDeps,
  actor: StaffActor,
  profile: repository.AgentProfile,
): Promise<void> {
  for (let load = await repository.agentLoad(deps.db, actor.id); load < profile.capacity; load++) {
    const taken = await deps.db.transaction().execute(async (trx) => {
      const request = await repository.nextForAgent(trx, profile, { ownLanguagesOnly: true });
      if (!request) return undefined;
      await assignInTransaction(trx, request, { id: actor.id, label: actor.displayName }, false, {
        kind: "system",
        id: null,
        label: "Beacon",
      });
      return request;
    });
    if (!taken) return;
    await changed(deps, taken, "assigned");
  }
}
