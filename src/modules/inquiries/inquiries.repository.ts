import { type Insertable, type Kysely, sql } from "kysely";
import type { DB, InquiriesTable, InquiryEventsTable } from "../../platform/db/schema.ts";
import type { InquiryStatus } from "./inquiry-status.ts";

export type NewInquiry = Omit<Insertable<InquiriesTable>, "created_at" | "updated_at">;
export type NewInquiryEvent = Omit<Insertable<InquiryEventsTable>, "id" | "created_at">;

const OPEN: InquiryStatus[] = ["new", "open", "waiting_on_person", "waiting_on_agency"];

/** The next serial for a reference number (a sequence: unique across processes, never reused). */
/** Serials a process takes from the sequence at once: one round trip per 20 requests, not one each. */
const SERIAL_BLOCK = 20;
const spareSerials = new WeakMap<Kysely<DB>, number[]>();

/**
 * The next serial for a reference number, from the database's sequence. A process takes them 20
 * at a time (per database, `db` being the pool, not a transaction), so references stay unique
 * across processes but are not in submission order across them, and a restart leaves a gap.
 */
export async function nextInquirySerial(db: Kysely<DB>): Promise<number> {
  const spare = spareSerials.get(db) ?? [];
  spareSerials.set(db, spare);
  if (spare.length === 0) {
    const { rows } = await sql<{ serial: string }>`
      SELECT nextval('inquiry_serial_seq') AS serial FROM generate_series(1, ${SERIAL_BLOCK})`.execute(db);
    spare.push(...rows.map((row) => Number(row.serial)).sort((a, b) => a - b));
  }
  const serial = spare.shift();
  if (serial === undefined) throw new Error("the inquiry serial sequence returned nothing");
  return serial;
}

const INQUIRY_COLUMNS = [
  "id",
  "reference",
  "type",
  "status",
  "locale",
  "channel",
  "receipt_number",
  "user_id",
  "contact_name",
  "contact_email",
  "contact_phone",
  "fields",
  "message",
  "tracking_token_sealed",
  "queue",
  "tier",
  "skills",
  "priority",
  "assigned_to",
  "sla_business_days",
  "reply_due_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "created_at",
  "updated_at",
  "assigned_at",
  "language_line",
  "escalated_at",
  "resolution_code",
  "merged_into",
  "sampled_for_review",
] as const;

/**
 * Inserts a request, the "created" event that opens its timeline (by the person, with their
 * message) and its e-mail reply token (see email-channel), in one statement. Undefined when a
 * request with the same idempotency key exists.
 */
export async function insertInquiry(db: Kysely<DB>, inquiry: NewInquiry, replyToken: string) {
  return db
    .with("inserted", (q) =>
      q
        .insertInto("inquiries")
        .values(inquiry)
        .onConflict((oc) => oc.column("idempotency_key").doNothing())
        .returning(INQUIRY_COLUMNS),
    )
    .with("created_event", (q) =>
      q
        .insertInto("inquiry_events")
        .columns([
          "inquiry_id",
          "kind",
          "actor_kind",
          "actor_id",
          "actor_label",
          "to_status",
          "body",
          "channel",
        ])
        .expression((eb) =>
          eb
            .selectFrom("inserted")
            .select([
              "id",
              sql.lit("created").as("kind"),
              sql.lit("person").as("actor_kind"),
              "user_id",
              "contact_name",
              "status",
              "message",
              "channel",
            ]),
        ),
    )
    .with("reply_token", (q) =>
      q
        .insertInto("inquiry_reply_tokens")
        .columns(["inquiry_id", "token"])
        .expression((eb) =>
          eb.selectFrom("inserted").select(["id", sql<string>`${replyToken}::text`.as("token")]),
        ),
    )
    .selectFrom("inserted")
    .selectAll()
    .executeTakeFirst();
}

export async function insertInquiryEvent(db: Kysely<DB>, event: NewInquiryEvent): Promise<string> {
  const row = await db.insertInto("inquiry_events").values(event).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findInquiryByIdempotencyKey(db: Kysely<DB>, key: string) {
  return db
    .selectFrom("inquiries")
    .select(INQUIRY_COLUMNS)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function findInquiryByTrackingHash(db: Kysely<DB>, hash: string) {
  return db
    .selectFrom("inquiries")
    .select(INQUIRY_COLUMNS)
    .where("tracking_token_hash", "=", hash)
    .executeTakeFirst();
}

export async function findInquiryById(db: Kysely<DB>, id: string) {
  return db.selectFrom("inquiries").select(INQUIRY_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export async function findInquiryByReference(db: Kysely<DB>, reference: string) {
  return db
    .selectFrom("inquiries")
    .select(INQUIRY_COLUMNS)
    .where("reference", "=", reference)
    .executeTakeFirst();
}

export type InquiryRow = NonNullable<Awaited<ReturnType<typeof findInquiryById>>>;

/** An open request about the same case and type from the same person, made since `since`. */
export async function findOpenDuplicate(
  db: Kysely<DB>,
  match: { receiptNumber: string; type: string; email: string; userId: string | null; since: Date },
) {
  return db
    .selectFrom("inquiries")
    .select(INQUIRY_COLUMNS)
    .where("receipt_number", "=", match.receiptNumber)
    .where("type", "=", match.type)
    .where("status", "in", OPEN)
    .where("created_at", ">=", match.since)
    .where((eb) =>
      match.userId
        ? eb.or([eb("contact_email", "=", match.email), eb("user_id", "=", match.userId)])
        : eb("contact_email", "=", match.email),
    )
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
}

/** A signed-in person's requests, newest first. */
export async function listInquiriesOfUser(db: Kysely<DB>, userId: string, limit = 100) {
  return db
    .selectFrom("inquiries")
    .select(["reference", "type", "status", "created_at", "reply_due_at", "tracking_token_sealed"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/** The timeline, oldest first; the public sees only public events. */
export async function listInquiryEvents(db: Kysely<DB>, inquiryId: string, includeInternal: boolean) {
  let query = db
    .selectFrom("inquiry_events")
    .select([
      "id",
      "kind",
      "actor_kind",
      "actor_label",
      "from_status",
      "to_status",
      "body",
      "visibility",
      "channel",
      "created_at",
    ])
    .where("inquiry_id", "=", inquiryId)
    .orderBy("id");
  if (!includeInternal) query = query.where("visibility", "=", "public");
  return query.limit(1000).execute();
}

/**
 * Moves a request from one state to another; returns false when it was no longer in `from`
 * (someone else changed it first), so the caller can refuse rather than overwrite.
 */
export async function updateInquiryStatus(
  db: Kysely<DB>,
  id: string,
  from: InquiryStatus,
  to: InquiryStatus,
  extra: { resolved_at?: Date | null; closed_at?: Date | null; first_response_at?: Date } = {},
): Promise<boolean> {
  const result = await db
    .updateTable("inquiries")
    .set({ status: to, updated_at: new Date(), ...extra })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function touchInquiry(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable("inquiries").set({ updated_at: new Date() }).where("id", "=", id).execute();
}

/** What proving a case and checking eligibility need: the sealed date of birth, the status, the time. */
export async function findCaseForInquiry(db: Kysely<DB>, receiptNumber: string) {
  return db
    .selectFrom("cases")
    .leftJoin("processing_times as p", (join) =>
      join.onRef("p.form_code", "=", "cases.form_code").onRef("p.office_code", "=", "cases.office_code"),
    )
    .select([
      "cases.receipt_number",
      "cases.family_name",
      "cases.date_of_birth_sealed",
      "cases.status",
      "cases.received_on",
      "p.p80_days",
    ])
    .where("cases.receipt_number", "=", receiptNumber)
    .orderBy("p.category")
    .limit(1)
    .executeTakeFirst();
}

export async function insertInquiryAttachment(
  db: Kysely<DB>,
  row: {
    inquiry_id: string;
    event_id: string | null;
    storage_key: string;
    file_name: string;
    mime: string;
    bytes: number;
    sha256: string;
  },
): Promise<void> {
  await db.insertInto("inquiry_attachments").values(row).execute();
}

export async function listInquiryAttachments(db: Kysely<DB>, inquiryId: string) {
  return db
    .selectFrom("inquiry_attachments")
    .select(["id", "event_id", "storage_key", "file_name", "mime", "bytes", "created_at"])
    .where("inquiry_id", "=", inquiryId)
    .orderBy("created_at")
    .execute();
}

export async function findInquiryAttachment(db: Kysely<DB>, inquiryId: string, attachmentId: string) {
  return db
    .selectFrom("inquiry_attachments")
    .select(["storage_key", "file_name", "mime"])
    .where("inquiry_id", "=", inquiryId)
    .where("id", "=", attachmentId)
    .executeTakeFirst();
}
