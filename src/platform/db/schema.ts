import type { ColumnType, Generated } from "kysely";

/**
 * The shape of every table, as Kysely sees it. One migration file adds each table; this file
 * is the single place a reader finds all of them. Dates (`date` columns) are ISO strings
 * (`2026-11-28`) on both databases; timestamps are `Date`.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface FormsTable {
  code: string;
  title: string;
  category: string;
  filing_fee_usd: number | null;
  agency_url: string;
}

export interface OfficesTable {
  code: string;
  name: string;
  kind: string;
  city: string;
  state: string;
}

export interface ProcessingTimesTable {
  form_code: string;
  office_code: string;
  category: string;
  median_days: number;
  p80_days: number;
  published_on: string;
}

export interface CasesTable {
  receipt_number: string;
  form_code: string;
  office_code: string;
  status: string;
  received_on: string;
  status_changed_at: Timestamp;
  family_name: string;
  given_name: string;
  /** Legacy plaintext: null once sealed (see the sealed-case-fields migration). */
  date_of_birth: string | null;
  /** Legacy plaintext: null once sealed. */
  a_number: string | null;
  /** The date of birth (YYYY-MM-DD), encrypted with FieldCipher in context `caseFieldContext`. */
  date_of_birth_sealed: string | null;
  /** The A-number, encrypted; null when the person has none. */
  a_number_sealed: string | null;
  preferred_language: string;
  /** The representative of record (Form G-28): bar number or accreditation ID. */
  representative_id_number: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface CaseEventsTable {
  id: Generated<number>;
  /** The system of record's id for the event; null for events Beacon made itself (demo data). */
  event_id: ColumnType<string | null, string | null | undefined, never>;
  receipt_number: string;
  status: string;
  occurred_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_at: Timestamp;
  dedupe_key: string | null;
  locked_by: string | null;
  locked_at: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface UsersTable {
  id: Generated<string>;
  kind: "staff" | "public" | "representative";
  email: string;
  display_name: string;
  role: string | null;
  status: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  password_changed_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  /** The last TOTP time step accepted, so a code cannot be used twice (bigint: a string from pg, a number from PGlite). */
  totp_last_used_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  email_verified_at: Date | null;
  preferred_language: ColumnType<string, string | undefined, string>;
  phone: string | null;
  contact_by_email: ColumnType<boolean, boolean | undefined, boolean>;
  contact_by_sms: ColumnType<boolean, boolean | undefined, boolean>;
  notify_case_updates: ColumnType<boolean, boolean | undefined, boolean>;
  notify_appointment_reminders: ColumnType<boolean, boolean | undefined, boolean>;
  representative_id_number: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database copy holds no usable session. */
  id: string;
  user_id: string;
  csrf_token: string;
  second_factor_done: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: string;
  purpose: "verify_email" | "reset_password";
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface ThrottleEventsTable {
  id: Generated<number>;
  bucket: string;
  key: string;
  occurred_at: Timestamp;
}

export interface CaseLinksTable {
  user_id: string;
  receipt_number: string;
  linked_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: "success" | "failure" | "denied";
  details: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface HelpTopicsTable {
  slug: string;
  position: number;
}

export interface HelpArticlesTable {
  slug: string;
  topic_slug: string;
  created_at: CreatedAt;
}

type JsonList = ColumnType<string[], string, string>;

export interface HelpArticleVersionsTable {
  id: Generated<number>;
  slug: string;
  locale: string;
  version: number;
  title: string;
  summary: string;
  body: string;
  keywords: JsonList;
  synonyms: JsonList;
  forms: JsonList;
  last_reviewed: string;
  agency_url: string;
  status: "draft" | "in_review" | "published" | "archived";
  source_version_id: number | null;
  author_id: string | null;
  reviewer_id: string | null;
  publish_at: Date | null;
  unpublish_at: Date | null;
  created_at: CreatedAt;
}

export interface HelpFeedbackTable {
  id: Generated<number>;
  slug: string;
  locale: string;
  helpful: boolean;
  comment: string | null;
  created_at: CreatedAt;
}

export interface NotificationTemplatesTable {
  id: Generated<number>;
  template: string;
  channel: "email" | "sms";
  locale: string;
  version: number;
  subject: string | null;
  body: string;
  /** Who saved this version (staff e-mail). */
  created_by: string;
  created_at: CreatedAt;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  /** What the message is about, unique: a second request for the same message is a no-op. */
  reference: string;
  template: string;
  template_version: number;
  channel: "email" | "sms";
  locale: string;
  recipient: string;
  subject: string | null;
  body: string;
  unsubscribe_url: string | null;
  /** The Reply-To of an e-mail (a request's `requests+<token>@…` address), or null. */
  reply_to: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<"queued" | "sent" | "delivered" | "failed">;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: "email" | "sms";
  message_id: string;
  recipient: string;
  subject: string | null;
  body: string;
  /** The whole message as sent (RFC 5322 for e-mail), to download and open. */
  raw: string | null;
  created_at: CreatedAt;
}

export interface CaseSubscriptionsTable {
  id: Generated<string>;
  receipt_number: string;
  channel: "email" | "sms";
  address: string;
  locale: string;
  status: "pending" | "active" | "unsubscribed";
  confirm_token_hash: string | null;
  confirm_expires_at: Timestamp | null;
  /** A random bearer token that can only unsubscribe, so it is kept as is to put in every message. */
  unsubscribe_token: string;
  user_id: string | null;
  created_at: CreatedAt;
  confirmed_at: Timestamp | null;
  unsubscribed_at: Timestamp | null;
}

export interface InquiriesTable {
  id: Generated<string>;
  /** `BCN-26-000123-7`: read aloud, with a check digit. */
  reference: string;
  type: string;
  status: Generated<"new" | "open" | "waiting_on_person" | "waiting_on_agency" | "resolved" | "closed">;
  locale: string;
  channel: "web" | "api" | "email" | "phone" | "chat" | "assistant";
  receipt_number: string | null;
  user_id: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  fields: ColumnType<Record<string, string>, string, string>;
  message: string;
  /** SHA-256 of the private tracking link's token: what a lookup compares. */
  tracking_token_hash: string;
  /** The token itself, sealed with the field cipher, to put the link in later messages. */
  tracking_token_sealed: string;
  idempotency_key: string | null;
  queue: string;
  tier: number;
  skills: ColumnType<string[], string[], string[]>;
  priority: Generated<"low" | "normal" | "high" | "urgent">;
  assigned_to: string | null;
  sla_business_days: number;
  reply_due_at: Timestamp;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  assigned_at: Timestamp | null;
  /** No agent reading the request's language was free: an interpreter (language line) is needed. */
  language_line: Generated<boolean>;
  overflow_alerted_at: Timestamp | null;
  escalated_at: Timestamp | null;
  resolution_code: string | null;
  merged_into: string | null;
  sampled_for_review: Generated<boolean>;
}

export interface AgentProfilesTable {
  user_id: string;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  queues: ColumnType<string[], string[] | undefined, string[]>;
  tier: Generated<number>;
  capacity: Generated<number>;
  status: Generated<"available" | "busy" | "away">;
  status_changed_at: Generated<Date>;
}

export interface InquiryLinksTable {
  inquiry_id: string;
  related_id: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface InquiryViewersTable {
  inquiry_id: string;
  user_id: string;
  seen_at: Timestamp;
}

export interface InquiryMentionsTable {
  event_id: string;
  user_id: string;
  inquiry_id: string;
  created_at: CreatedAt;
}

export interface QualityReviewsTable {
  id: Generated<string>;
  inquiry_id: string;
  agent_id: string | null;
  reviewer_id: string | null;
  accuracy: number;
  completeness: number;
  tone: number;
  plain_language: number;
  comment: string | null;
  created_at: CreatedAt;
}

export interface InquiryEventsTable {
  id: Generated<string>;
  inquiry_id: string;
  kind: "created" | "status_changed" | "message" | "reply" | "note" | "linked";
  actor_kind: "person" | "staff" | "system";
  actor_id: string | null;
  actor_label: string | null;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
  visibility: Generated<"public" | "internal">;
  channel: string | null;
  created_at: CreatedAt;
}

export interface InquiryAttachmentsTable {
  id: Generated<string>;
  inquiry_id: string;
  event_id: string | null;
  storage_key: string;
  file_name: string;
  mime: string;
  bytes: number;
  sha256: string;
  created_at: CreatedAt;
}

/** An inbound e-mail Beacon accepted, and what it became. */
export interface InquiryEmailsTable {
  id: Generated<string>;
  /** SHA-256 of sender and Message-ID (or of the whole message): a message delivered twice is seen once. */
  dedupe_key: string;
  inquiry_id: string | null;
  outcome: "created" | "threaded" | "ignored" | "bounce" | "rate_limited";
  reason: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  reference_ids: ColumnType<string[], string[] | undefined, string[]>;
  envelope_from: string | null;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  sender: string | null;
  sender_name: string | null;
  subject: string | null;
  /** The whole message as received, in attachment storage; null for mail that was only recorded. */
  raw_storage_key: string | null;
  raw_bytes: number;
  raw_sha256: string;
  refused_attachments: ColumnType<Array<{ name: string; reason: string }>, string | undefined, string>;
  received_at: CreatedAt;
}

/** The token of a request's reply address `requests+<token>@<inbound domain>`. */
export interface InquiryReplyTokensTable {
  inquiry_id: string;
  token: string;
  created_at: CreatedAt;
}

export interface AssistantConversationsTable {
  id: string;
  channel: "web" | "api" | "sms" | "voice";
  language: string;
  last_intent: string | null;
  message_count: Generated<number>;
  started_at: CreatedAt;
  last_message_at: Generated<Date>;
}

export interface AssistantMessagesTable {
  id: Generated<string>;
  conversation_id: string;
  sender: "person" | "assistant";
  /** With A-numbers, Social Security numbers, dates, e-mail addresses and phone numbers masked. */
  text: string;
  language: string;
  intent: string | null;
  citations: ColumnType<string[], string, string>;
  created_at: CreatedAt;
}

export interface AssistantHandoffsTable {
  id: Generated<number>;
  conversation_id: string;
  language: string;
  status: Generated<"waiting" | "assigned" | "closed">;
  transcript: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
}

export interface ReplyMacrosTable {
  id: Generated<number>;
  /** The macro's key (`need-information`): built in (content/macros) or created by a supervisor. */
  macro: string;
  locale: string;
  version: number;
  title: string;
  body: string;
  /** Who saved this version (staff e-mail). */
  created_by: string;
  created_at: CreatedAt;
}

export interface DB {
  forms: FormsTable;
  offices: OfficesTable;
  processing_times: ProcessingTimesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  jobs: JobsTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  email_tokens: EmailTokensTable;
  throttle_events: ThrottleEventsTable;
  case_links: CaseLinksTable;
  audit_log: AuditLogTable;
  help_topics: HelpTopicsTable;
  help_articles: HelpArticlesTable;
  help_article_versions: HelpArticleVersionsTable;
  help_feedback: HelpFeedbackTable;
  notification_templates: NotificationTemplatesTable;
  notification_deliveries: NotificationDeliveriesTable;
  outbox: OutboxTable;
  case_subscriptions: CaseSubscriptionsTable;
  inquiries: InquiriesTable;
  inquiry_events: InquiryEventsTable;
  inquiry_attachments: InquiryAttachmentsTable;
  agent_profiles: AgentProfilesTable;
  inquiry_links: InquiryLinksTable;
  inquiry_viewers: InquiryViewersTable;
  quality_reviews: QualityReviewsTable;
  inquiry_mentions: InquiryMentionsTable;
  inquiry_emails: InquiryEmailsTable;
  inquiry_reply_tokens: InquiryReplyTokensTable;
  assistant_conversations: AssistantConversationsTable;
  assistant_messages: AssistantMessagesTable;
  assistant_handoffs: AssistantHandoffsTable;
  reply_macros: ReplyMacrosTable;
}
