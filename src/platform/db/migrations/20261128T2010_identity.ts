import { type Kysely, sql } from "kysely";

/**
 * People who sign in (staff, the public, representatives), their sessions, one-time recovery codes,
 * e-mail verification tokens and the throttle counters for sign-in and case-linking attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('staff', 'public', 'representative')),
      email text NOT NULL UNIQUE CHECK (email = lower(email) AND char_length(email) <= 254),
      display_name text NOT NULL CHECK (char_length(display_name) <= 200),
      role text CHECK (role IN ('t1_agent', 't2_officer', 'supervisor', 'content_editor', 'analyst', 'administrator')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending_verification', 'active', 'disabled')),
      password_hash text,
      password_changed_at timestamptz,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_used_step bigint,
      email_verified_at timestamptz,
      preferred_language text NOT NULL DEFAULT 'en',
      phone text CHECK (char_length(phone) <= 32),
      contact_by_email boolean NOT NULL DEFAULT true,
      contact_by_sms boolean NOT NULL DEFAULT false,
      notify_case_updates boolean NOT NULL DEFAULT true,
      notify_appointment_reminders boolean NOT NULL DEFAULT true,
      representative_id_number text CHECK (char_length(representative_id_number) <= 40),
      oidc_issuer text,
      oidc_subject text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'staff') = (role IS NOT NULL)),
      CHECK (kind <> 'representative' OR representative_id_number IS NOT NULL),
      UNIQUE (oidc_issuer, oidc_subject)
    )`.execute(db);
  await sql`CREATE INDEX users_kind_idx ON users (kind, status)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      second_factor_done boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      idle_timeout_seconds integer NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);
  await sql`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`.execute(db);

  await sql`
    CREATE TABLE recovery_codes (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    )`.execute(db);

  await sql`
    CREATE TABLE email_tokens (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE throttle_events (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      bucket text NOT NULL,
      key text NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX throttle_events_key_idx ON throttle_events (bucket, key, occurred_at)`.execute(db);

  await sql`
    CREATE TABLE case_links (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      receipt_number text NOT NULL REFERENCES cases (receipt_number) ON DELETE CASCADE,
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, receipt_number)
    )`.execute(db);
  await sql`CREATE INDEX case_links_receipt_idx ON case_links (receipt_number)`.execute(db);

  // The representative of record from Form G-28: a bar number or an accreditation ID.
  await sql`ALTER TABLE cases ADD COLUMN representative_id_number text`.execute(db);
  await sql`CREATE INDEX cases_representative_idx ON cases (representative_id_number) WHERE representative_id_number IS NOT NULL`.execute(
    db,
  );
}
