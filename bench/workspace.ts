/**
 * The agent workspace with 100,000 open requests on PostgreSQL (issue 8: queue list p95 ≤ 100 ms,
 * request view p95 ≤ 50 ms, an assignment decision ≤ 5 ms).
 *
 * On a scratch database, `beacon serve` starts with the demo data (its staff and their workspace
 * profiles), then the bench adds 48 loaded agents and 8 just on shift, and 100,000 open requests
 * with 3–5 timeline events each, in a few `INSERT … SELECT FROM generate_series` statements, and
 * runs `VACUUM ANALYZE`. Then, signed in through the real staff form:
 * - the queue list (`/staff/workspace?view=all`, `mine`, `unassigned&language=es`) and the request
 *   view (a different request each time) as the Tier 1 demo agent and the supervisor: 300 requests
 *   one after another, then autocannon with 10 connections for `BENCH_SECONDS` (default 5);
 * - in-process on the same database: the request view's service (`openInquiry`) and, apart, the
 *   audit entry and the viewer row it writes on every open;
 * - the assignment decision: the request locked and the agent picked (`lockUnassigned`,
 *   `pickAgent`, again with any language when no one speaks it) in a transaction rolled back, for
 *   1,000 different unassigned requests; then `autoAssign` itself, committed, for 1,000 others.
 *
 * Run alone with `node --import tsx bench/workspace.ts` (needs BENCH_DATABASE_URL or
 * TEST_DATABASE_URL; BENCH_WORKSPACE_REQUESTS changes the 100,000); `benchWorkspace(serverUrl)` is
 * what `npm run bench` calls. Figures and method: docs/performance.md, "Agent workspace".
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { Kysely } from "kysely";
import pg from "pg";
import { testConfig } from "../src/config.ts";
import { recordAudit } from "../src/modules/audit/audit.service.ts";
import { DEMO_PASSWORD } from "../src/modules/identity/demo-accounts.ts";
import { findUserByEmail } from "../src/modules/identity/users.repository.ts";
import { INQUIRY_TYPE_CODES, INQUIRY_TYPES } from "../src/modules/inquiries/inquiry-types.ts";
import { formatReference } from "../src/modules/inquiries/reference-number.ts";
import { ALL_QUEUES } from "../src/modules/workspace/demo-workspace.ts";
import { openInquiry } from "../src/modules/workspace/request-view.service.ts";
import { autoAssign } from "../src/modules/workspace/routing.service.ts";
import * as workspace from "../src/modules/workspace/workspace.repository.ts";
import type { StaffActor, WorkspaceDeps } from "../src/modules/workspace/workspace.service.ts";
import { fieldCipherFor } from "../src/platform/crypto/field-cipher.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import type { DB } from "../src/platform/db/schema.ts";
import { I18n } from "../src/platform/i18n/catalogs.ts";
import { LOCALE_CODES } from "../src/platform/i18n/locales.ts";
import { startServer } from "../test/support/server.ts";
import { CookieJar, csrfFrom, totpCode } from "../test/support/sessions.ts";
import { watchForeignLoad } from "./foreign-load.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REQUESTS = Number(process.env.BENCH_WORKSPACE_REQUESTS ?? 100_000);
const SEQUENTIAL = 300;
const DECISIONS = 1000;
const AGENT = "t1.agent@beacon.example";
const SUPERVISOR = "supervisor@beacon.example";

/** Shares in percent: the common questions and the case-bound ones dominate, as at a contact centre. */
const TYPE_SHARES: Record<(typeof INQUIRY_TYPE_CODES)[number], number> = {
  "general-question": 24,
  "outside-processing-time": 14,
  "change-of-address": 12,
  "notice-not-received": 9,
  "card-not-received": 8,
  "typographical-error": 7,
  expedite: 7,
  complaint: 6,
  "website-problem": 5,
  accommodation: 4,
  feedback: 4,
};
const LOCALE_SHARES: Record<string, number> = {
  en: 36,
  es: 28,
  zh: 6,
  vi: 5,
  ht: 5,
  tl: 4,
  ko: 3,
  ar: 3,
  fr: 3,
  pt: 3,
  ru: 2,
  uk: 2,
};

/** 100 slots, each share's value repeated share times: `slots[floor(random * 100)]` draws by share. */
function slots<T extends string>(shares: Record<T, number>): T[] {
  const all = (Object.entries(shares) as Array<[T, number]>).flatMap(([key, share]) =>
    Array.from({ length: share }, () => key),
  );
  if (all.length !== 100) throw new Error(`shares add up to ${all.length}, not 100`);
  return all;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

function percentiles(times: number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(at(100)),
    count: sorted.length,
  };
}

interface Agent {
  id: string;
  tier: number;
  queues: string[];
}

/**
 * 48 agents carrying the assigned work (36 at Tier 1 in four queues each, 12 at Tier 2 in all),
 * and 8 just on shift with nothing assigned yet, so that some decisions find someone free.
 */
async function createAgents(client: pg.Client): Promise<{ loaded: Agent[]; fresh: Agent[] }> {
  const tier1Queues = [
    ...new Set(
      Object.values(INQUIRY_TYPES)
        .filter((t) => t.routing.tier === 1)
        .map((t) => t.routing.queue),
    ),
  ];
  const topicsOf = (queues: string[]) => [
    ...new Set(
      Object.values(INQUIRY_TYPES)
        .filter((t) => queues.includes(t.routing.queue))
        .flatMap((t) => t.routing.skills),
    ),
  ];
  const extraLanguages = LOCALE_CODES.filter((code) => code !== "en" && code !== "es");
  const make = async (index: number, fresh: boolean): Promise<Agent> => {
    const tier = fresh ? (index % 4 === 3 ? 2 : 1) : index < 36 ? 1 : 2;
    const queues =
      tier === 2 ? ALL_QUEUES : tier1Queues.filter((_, j) => (j + index) % tier1Queues.length < 4);
    const languages = [
      "en",
      ...(index % 3 === 0 ? [] : ["es"]),
      extraLanguages[index % extraLanguages.length] ?? "fr",
    ];
    const name = `${fresh ? "On-shift" : "Bench"} Agent ${String(index + 1).padStart(2, "0")}`;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (kind, email, display_name, role, status)
       VALUES ('staff', $1, $2, $3, 'active') RETURNING id`,
      [
        `${name.toLowerCase().replaceAll(" ", ".")}@beacon.example`,
        name,
        tier === 2 ? "t2_officer" : "t1_agent",
      ],
    );
    const id = rows[0]?.id ?? "";
    const status = fresh
      ? "available"
      : ["available", "available", "available", "available", "available", "busy", "busy", "away"][index % 8];
    await client.query(
      `INSERT INTO agent_profiles (user_id, languages, topics, queues, tier, capacity, status, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() - $8 * interval '1 minute')`,
      [id, languages, topicsOf(queues), queues, tier, fresh ? 20 : 8 + (index % 3) * 4, status, index],
    );
    return { id, tier, queues };
  };
  const loaded: Agent[] = [];
  for (let i = 0; i < 48; i++) loaded.push(await make(i, false));
  const fresh: Agent[] = [];
  for (let i = 0; i < 8; i++) fresh.push(await make(i, true));
  return { loaded, fresh };
}

/** Who may carry a request of a queue and tier: agents in that queue at that tier, as comma lists. */
function pools(agents: Agent[]) {
  const rows: Array<{ queue: string; tier: number; ids: string }> = [];
  for (const queue of ALL_QUEUES) {
    for (const tier of [1, 2]) {
      const ids = agents.filter((a) => a.tier === tier && a.queues.includes(queue)).map((a) => a.id);
      if (ids.length > 0) rows.push({ queue, tier, ids: ids.join(",") });
    }
  }
  return rows;
}

/**
 * 100,000 open requests in one statement: types and languages by share, about 30% assigned to an
 * agent of their queue and tier, 5% of Tier 1 work escalated to Tier 2, the unassigned ones from
 * the last six days (a queue being worked) and the assigned ones from the last six weeks; a
 * third of the case-bound ones point at a demo case. Then 3–5 timeline events each.
 */
export async function fillRequests(
  client: pg.Client,
  count: number,
): Promise<{ requests: number; events: number; ms: number }> {
  const started = performance.now();
  const { rows: staff } = await client.query<{ id: string; email: string; tier: number }>(
    `SELECT u.id, u.email, a.tier FROM users u JOIN agent_profiles a ON a.user_id = u.id
     WHERE u.email IN ($1, 't2.officer@beacon.example', $2)`,
    [AGENT, SUPERVISOR],
  );
  const { loaded } = await createAgents(client);
  const carriers: Agent[] = [
    ...loaded,
    ...staff.map((s) => ({ id: s.id, tier: s.tier, queues: ALL_QUEUES })),
  ];
  const pool = pools(carriers);
  const types = INQUIRY_TYPE_CODES.map((code) => INQUIRY_TYPES[code]);
  const year = new Date().getFullYear();
  const serialBase = 100_000;
  let checkDigits = "";
  for (let g = 1; g <= count; g++) checkDigits += formatReference(year, serialBase + g).slice(-1);
  await client.query("SELECT setseed(0.42)");
  const inserted = await client.query(
    `WITH types AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[])
         WITH ORDINALITY AS t(code, queue, tier, skills, sla, proof, n)
     ),
     pools AS (SELECT * FROM unnest($7::text[], $8::int[], $9::text[]) AS p(queue, tier, ids)),
     receipts AS MATERIALIZED (SELECT array_agg(receipt_number ORDER BY receipt_number) AS list FROM cases),
     draws AS (
       SELECT g, random() AS r_type, random() AS r_locale, random() AS r_assign, random() AS r_status,
              random() AS r_age, random() AS r_case, random() AS r_agent, random() AS r_escalate,
              random() AS r_misc
       FROM generate_series(1, $10::int) AS g
     ),
     drawn AS (
       SELECT d.*, t.code, t.queue, t.skills, t.sla, t.proof,
              CASE WHEN t.tier = 1 AND d.r_escalate < 0.05 THEN 2 ELSE t.tier END AS tier,
              t.tier = 1 AND d.r_escalate < 0.05 AS escalated,
              ($11::text[])[1 + floor(d.r_locale * 100)::int] AS locale,
              d.r_assign < 0.3 AS assigned
       FROM draws d JOIN types t ON t.n = ($12::int[])[1 + floor(d.r_type * 100)::int]
     ),
     shaped AS (
       SELECT r.*,
              CASE WHEN r.assigned THEN now() - r.r_age * interval '42 days'
                   ELSE now() - r.r_age * interval '6 days' END AS created,
              CASE WHEN r.assigned THEN
                     CASE WHEN r.r_status < 0.55 THEN 'open' WHEN r.r_status < 0.85 THEN 'waiting_on_person'
                          ELSE 'waiting_on_agency' END
                   WHEN r.escalated THEN 'waiting_on_agency'
                   ELSE CASE WHEN r.r_status < 0.9 THEN 'new' WHEN r.r_status < 0.96 THEN 'open'
                             ELSE 'waiting_on_person' END
              END AS status,
              CASE WHEN r.assigned THEN
                     (string_to_array(p.ids, ','))[1 + floor(r.r_agent * cardinality(string_to_array(p.ids, ',')))::int]::uuid
              END AS agent,
              CASE WHEN r.proof = 'case' OR (r.proof = 'case-optional' AND r.r_case < 0.5)
                   THEN (SELECT list[1 + floor(r.r_case * cardinality(list))::int] FROM receipts) END AS receipt
       FROM drawn r LEFT JOIN pools p ON p.queue = r.queue AND p.tier = r.tier
     )
     INSERT INTO inquiries (
       reference, type, status, locale, channel, receipt_number, contact_name, contact_email, message,
       tracking_token_hash, tracking_token_sealed, queue, tier, skills, priority, assigned_to, assigned_at,
       sla_business_days, reply_due_at, first_response_at, escalated_at, created_at, updated_at)
     SELECT
       'BCN-' || to_char(now(), 'YY') || '-' || lpad(($13::int + g)::text, 6, '0') || '-' || substr($14::text, g, 1),
       code, status, locale,
       (ARRAY['web', 'web', 'web', 'web', 'email', 'email', 'api', 'phone', 'chat', 'assistant'])[1 + floor(r_misc * 10)::int],
       receipt,
       'Person ' || g,
       'person' || (g % 70000) || '@example.org',
       'Request ' || g || ': I have a question about my case and would like to know what happens next.',
       md5('bench-token-' || g),
       'bench-sealed-token',
       queue, tier,
       string_to_array(skills, ',') || ('lang:' || locale),
       (ARRAY['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'low', 'high', 'high', 'urgent'])[1 + floor(r_agent * 10)::int],
       agent,
       CASE WHEN agent IS NOT NULL THEN created + interval '1 hour' * (1 + 10 * r_misc) END,
       sla,
       created + interval '1 day' * sla * 1.4,
       CASE WHEN agent IS NOT NULL THEN created + interval '1 hour' * (3 + 20 * r_misc) END,
       CASE WHEN escalated THEN created + interval '1 day' * r_misc END,
       created,
       least(now(), created + interval '1 day' * 3 * r_misc)
     FROM shaped`,
    [
      types.map((t) => t.code),
      types.map((t) => t.routing.queue),
      types.map((t) => t.routing.tier),
      types.map((t) => t.routing.skills.join(",")),
      types.map((t) => t.slaBusinessDays),
      types.map((t) => t.proof),
      pool.map((p) => p.queue),
      pool.map((p) => p.tier),
      pool.map((p) => p.ids),
      count,
      slots(LOCALE_SHARES),
      slots(TYPE_SHARES).map((code) => types.findIndex((t) => t.code === code) + 1),
      serialBase,
      checkDigits,
    ],
  );
  await client.query(`SELECT setval('inquiry_serial_seq', $1::bigint)`, [serialBase + count + 1]);
  const events = await client.query(
    `INSERT INTO inquiry_events (inquiry_id, kind, actor_kind, actor_id, actor_label, from_status, to_status, body, visibility, channel, created_at)
     SELECT i.id,
       CASE WHEN k = 1 THEN 'created'
            WHEN k = 2 THEN CASE WHEN i.assigned_to IS NOT NULL THEN 'note' ELSE 'message' END
            WHEN k = 3 THEN CASE WHEN i.status <> 'new' THEN 'status_changed' ELSE 'message' END
            WHEN k = 4 THEN CASE WHEN i.assigned_to IS NOT NULL THEN 'reply' ELSE 'note' END
            ELSE CASE WHEN i.status IN ('waiting_on_person', 'waiting_on_agency') THEN 'status_changed' ELSE 'message' END
       END,
       CASE WHEN k IN (1, 5) OR (k IN (2, 3) AND i.assigned_to IS NULL AND i.status = 'new') THEN 'person'
            WHEN k = 4 AND i.assigned_to IS NOT NULL THEN 'staff' ELSE 'system' END,
       CASE WHEN k = 4 THEN i.assigned_to END,
       CASE WHEN k IN (1, 5) THEN i.contact_name ELSE 'Beacon' END,
       CASE WHEN k = 3 AND i.status <> 'new' THEN 'new' WHEN k = 5 AND i.status IN ('waiting_on_person', 'waiting_on_agency') THEN 'open' END,
       CASE WHEN k = 1 THEN 'new' WHEN k = 3 AND i.status <> 'new' THEN 'open' WHEN k = 5 AND i.status IN ('waiting_on_person', 'waiting_on_agency') THEN i.status END,
       CASE WHEN k = 1 THEN i.message
            WHEN k = 2 AND i.assigned_to IS NOT NULL THEN 'Assigned to an agent'
            WHEN k = 4 AND i.assigned_to IS NOT NULL THEN 'Thank you for writing. We are looking at your case and will write again soon.'
            WHEN k = 4 THEN 'Checked the case status; nothing to add yet.'
            WHEN k = 3 AND i.status <> 'new' THEN NULL
            ELSE 'Any news on my request? I am still waiting.' END,
       CASE WHEN (k = 2 AND i.assigned_to IS NOT NULL) OR (k = 4 AND i.assigned_to IS NULL) THEN 'internal' ELSE 'public' END,
       CASE WHEN k IN (1, 4) THEN i.channel END,
       i.created_at + (k - 1) * interval '3 hours'
     FROM inquiries i CROSS JOIN LATERAL generate_series(1, 3 + abs(hashtext(i.reference)) % 3) AS k
     WHERE i.tracking_token_sealed = 'bench-sealed-token'
     ORDER BY i.created_at, k`,
  );
  await client.query("VACUUM ANALYZE inquiries");
  await client.query("VACUUM ANALYZE inquiry_events");
  await client.query("ANALYZE");
  return {
    requests: inserted.rowCount ?? 0,
    events: events.rowCount ?? 0,
    ms: Math.round(performance.now() - started),
  };
}

/** Signs a demo staff member in through the real form, as a browser would; returns the cookie header. */
async function signIn(baseUrl: string, email: string): Promise<string> {
  const jar = new CookieJar();
  const page = await fetch(`${baseUrl}/staff/login`);
  jar.absorb(page.headers.getSetCookie());
  const body = new URLSearchParams({
    _csrf: csrfFrom(await page.text()),
    email,
    password: DEMO_PASSWORD,
    code: totpCode(),
  });
  const response = await fetch(`${baseUrl}/staff/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  jar.absorb(response.headers.getSetCookie());
  if (response.status !== 303) throw new Error(`sign-in of ${email} failed with ${response.status}`);
  return jar.header();
}

interface HttpFigures extends Percentiles {
  failed: number;
}

/** One request after another, each timed to its last byte; 20 unmeasured first. */
async function sequential(baseUrl: string, cookie: string, paths: string[]): Promise<HttpFigures> {
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie, "accept-encoding": "br, gzip" } });
    await response.arrayBuffer();
    return response.status;
  };
  for (const path of paths.slice(0, 20)) await get(path);
  const times: number[] = [];
  let failed = 0;
  for (const path of paths.slice(0, SEQUENTIAL)) {
    const started = performance.now();
    if ((await get(path)) !== 200) failed++;
    times.push(performance.now() - started);
  }
  return { ...percentiles(times), failed };
}

interface LoadFigures extends Percentiles {
  rps: number;
  failed: number;
}

/** autocannon, 10 connections, the paths in turn; each response's time kept for exact percentiles. */
async function underLoad(baseUrl: string, cookie: string, paths: string[]): Promise<LoadFigures> {
  let next = 0;
  const times: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections: 10,
    duration: SECONDS,
    headers: { cookie, "accept-encoding": "br, gzip" },
    requests: [
      {
        setupRequest: (request) => {
          request.path = paths[next++ % paths.length];
          return request;
        },
      },
    ],
  });
  (instance as unknown as NodeJS.EventEmitter).on(
    "response",
    (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms),
  );
  const result = await instance;
  return {
    ...percentiles(times),
    rps: Math.round(result.requests.average),
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function timed<T>(times: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  times.push(performance.now() - started);
  return result;
}

/** The request view's service in-process, and apart the two writes it makes on every open. */
async function requestViewParts(db: Kysely<DB>, databaseUrl: string, agent: StaffActor, ids: string[]) {
  const deps: WorkspaceDeps = {
    db,
    jobs: { enqueue: async () => null },
    i18n: new I18n(),
    cipher: fieldCipherFor(testConfig({ databaseUrl })),
    publicUrl: "http://127.0.0.1",
    timeZone: "America/New_York",
    events: { emit: async () => undefined },
    qualitySamplePercent: 10,
  };
  const whole: number[] = [];
  const audit: number[] = [];
  const viewer: number[] = [];
  for (const id of ids) await timed(whole, () => openInquiry(deps, agent, id, "127.0.0.1"));
  for (const id of ids)
    await timed(audit, () =>
      recordAudit(db, {
        actor: { id: agent.id, label: agent.email },
        action: "inquiry.viewed",
        target: { type: "inquiry", id },
        ip: "127.0.0.1",
        outcome: "success",
      }),
    );
  for (const id of ids) await timed(viewer, () => workspace.touchViewer(db, id, agent.id));
  // Ten at once, as under ten connections: every append waits for the chain's advisory lock.
  const auditTogether: number[] = [];
  let next = 0;
  const worker = async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      const target = id;
      await timed(auditTogether, () =>
        recordAudit(db, {
          actor: { id: agent.id, label: agent.email },
          action: "inquiry.viewed",
          target: { type: "inquiry", id: target },
          ip: "127.0.0.1",
          outcome: "success",
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return {
    whole: percentiles(whole),
    audit: percentiles(audit),
    auditTogether: percentiles(auditTogether),
    viewer: percentiles(viewer),
  };
}

/**
 * The decision alone: lock the request, pick the agent (with any language when no one speaks
 * it), then roll back so every request is decided against the same agents' loads.
 */
async function decisions(db: Kysely<DB>, ids: string[]) {
  const times: number[] = [];
  let picked = 0;
  for (const id of ids) {
    const started = performance.now();
    await db
      .transaction()
      .execute(async (trx) => {
        const request = await workspace.lockUnassigned(trx, id);
        if (!request) throw new Error(`request ${id} is not waiting`);
        const agent =
          (await workspace.pickAgent(trx, request, false)) ?? (await workspace.pickAgent(trx, request, true));
        if (agent) picked++;
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    times.push(performance.now() - started);
  }
  return { ...percentiles(times), picked };
}
class Rollback extends Error {}

/** `autoAssign` as the assignment job runs it, committed: lock, pick, assign, timeline note. */
async function autoAssigns(db: Kysely<DB>, ids: string[]) {
  const times: number[] = [];
  let assigned = 0;
  const deps = { db, events: { emit: async () => undefined } };
  for (const id of ids) {
    const result = await timed(times, () => autoAssign(deps, id, { allowLanguageLine: true }));
    if (result) assigned++;
  }
  return { ...percentiles(times), assigned };
}

export interface WorkspaceFigures {
  fill: { requests: number; events: number; ms: number };
  /** `otherCores`: CPU cores that processes outside the bench (and PostgreSQL) used meanwhile. */
  http: Array<{ who: string; page: string; sequential: HttpFigures; load: LoadFigures; otherCores: number }>;
  inProcess: Awaited<ReturnType<typeof requestViewParts>>;
  decision: Awaited<ReturnType<typeof decisions>>;
  autoAssign: Awaited<ReturnType<typeof autoAssigns>>;
}

/** The whole bench on a scratch database of the PostgreSQL server at `serverUrl`; prints Markdown tables. */
export async function benchWorkspace(serverUrl: string): Promise<WorkspaceFigures> {
  return withScratchDatabase(serverUrl, async (url) => {
    const server = await startServer({
      DATABASE_URL: url,
      BEACON_DEMO: "true",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "1000000",
      // Every unassigned request is younger than a week: the overflow job finds none to move.
      WORKSPACE_OVERFLOW_MINUTES: "10080",
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const database = await openDatabase(testConfig({ databaseUrl: url, databasePoolSize: 10 }));
    try {
      const fill = await fillRequests(client, REQUESTS);
      console.log(
        `filled ${fill.requests} requests and ${fill.events} events in ${(fill.ms / 1000).toFixed(1)} s`,
      );
      const idsWhere = async (where: string, limit: number) =>
        (
          await client.query<{ id: string }>(
            `SELECT id FROM inquiries WHERE ${where} ORDER BY md5(id::text) LIMIT ${limit}`,
          )
        ).rows.map((row) => row.id);
      const tier1 = await idsWhere("tier = 1 AND tracking_token_sealed = 'bench-sealed-token'", 3000);
      const anyTier = await idsWhere("tracking_token_sealed = 'bench-sealed-token'", 3000);
      const view = (ids: string[]) => ids.map((id) => `/staff/workspace/requests/${id}`);
      const cookies = {
        agent: await signIn(server.url, AGENT),
        supervisor: await signIn(server.url, SUPERVISOR),
      };
      const pages: Array<{ who: "agent" | "supervisor"; page: string; paths: string[] }> = [
        { who: "agent", page: "queue list, all", paths: ["/staff/workspace?view=all"] },
        { who: "agent", page: "queue list, mine", paths: ["/staff/workspace?view=mine"] },
        {
          who: "agent",
          page: "queue list, unassigned, Spanish",
          paths: ["/staff/workspace?view=unassigned&language=es"],
        },
        { who: "supervisor", page: "queue list, all", paths: ["/staff/workspace?view=all"] },
        { who: "agent", page: "request view", paths: view(tier1) },
        { who: "supervisor", page: "request view", paths: view(anyTier) },
      ];
      const http: WorkspaceFigures["http"] = [];
      for (const { who, page, paths } of pages) {
        const cookie = cookies[who];
        const otherLoad = watchForeignLoad();
        const seq = await sequential(
          server.url,
          cookie,
          paths.length > 1 ? paths.slice(0, 400) : Array(400).fill(paths[0]),
        );
        const load = await underLoad(server.url, cookie, paths.length > 1 ? paths.slice(400) : paths);
        http.push({ who, page, sequential: seq, load, otherCores: Math.round(otherLoad() * 10) / 10 });
      }
      const agentUser = await findUserByEmail(database.db, AGENT);
      if (!agentUser) throw new Error(`${AGENT} is missing`);
      const actor: StaffActor = {
        id: agentUser.id,
        email: AGENT,
        displayName: agentUser.display_name,
        role: "t1_agent",
      };
      const inProcess = await requestViewParts(database.db, url, actor, tier1.slice(0, SEQUENTIAL));
      const waiting = await idsWhere(
        "assigned_to IS NULL AND status IN ('new', 'open', 'waiting_on_agency')",
        DECISIONS * 2,
      );
      const decision = await decisions(database.db, waiting.slice(0, DECISIONS));
      const assigned = await autoAssigns(database.db, waiting.slice(DECISIONS));
      const figures = { fill, http, inProcess, decision, autoAssign: assigned };
      printFigures(figures);
      return figures;
    } finally {
      await database.close();
      await client.end();
      await server.stop();
    }
  });
}

function printFigures(figures: WorkspaceFigures): void {
  console.log(
    "\n| who | page | sequential p50 ms | p95 ms | p99 ms | 10 connections: requests/s | p50 ms | p95 ms | p99 ms | failed | other processes, cores |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of figures.http) {
    const { sequential: s, load: l } = row;
    console.log(
      `| ${row.who} | ${row.page} | ${s.p50} | ${s.p95} | ${s.p99} | ${l.rps} | ${l.p50} | ${l.p95} | ${l.p99} | ${s.failed + l.failed} | ${row.otherCores} |`,
    );
  }
  const line = (name: string, p: Percentiles, extra = "") =>
    console.log(`| ${name} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} | ${p.count}${extra} |`);
  console.log("\n| in-process | p50 ms | p95 ms | p99 ms | max ms | count |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  line("request view (`openInquiry`), Tier 1 agent", figures.inProcess.whole);
  line("its audit entry alone (`recordAudit`)", figures.inProcess.audit);
  line("its audit entry alone, 10 at once", figures.inProcess.auditTogether);
  line("its viewer row alone (`touchViewer`)", figures.inProcess.viewer);
  line(
    "assignment decision (lock + pick, rolled back)",
    figures.decision,
    `, ${figures.decision.picked} found an agent`,
  );
  line("`autoAssign`, committed", figures.autoAssign, `, ${figures.autoAssign.assigned} assigned`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log("Set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server.");
    process.exit(1);
  }
  await benchWorkspace(serverUrl);
}
