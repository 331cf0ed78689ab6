import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import { findUserByEmail } from "../identity/users.repository.ts";
import { type InquiryDeps, submitInquiry } from "../inquiries/inquiries.service.ts";
import { INQUIRY_TYPES, type InquiryTypeCode, QUEUES } from "../inquiries/inquiry-types.ts";
import { upsertAgentProfile } from "./workspace.repository.ts";

/** Every queue and topic skill the request types route to. */
export const ALL_QUEUES = [...QUEUES];
const ALL_TOPICS = [...new Set(Object.values(INQUIRY_TYPES).flatMap((type) => type.routing.skills))];

const DEMO_AGENTS = [
  { email: "t1.agent@beacon.example", languages: ["en", "es"], tier: 1 },
  { email: "t2.officer@beacon.example", languages: ["en", "es", "ht"], tier: 2 },
  { email: "supervisor@beacon.example", languages: ["en", "es", "fr"], tier: 2 },
] as const;

/** Workspace profiles for the demo staff: every queue and topic, their languages and tier. */
export async function seedDemoAgents(db: Kysely<DB>): Promise<number> {
  let seeded = 0;
  for (const agent of DEMO_AGENTS) {
    const user = await findUserByEmail(db, agent.email);
    if (!user) continue;
    await upsertAgentProfile(db, {
      user_id: user.id,
      languages: [...agent.languages],
      topics: ALL_TOPICS,
      queues: ALL_QUEUES,
      tier: agent.tier,
      capacity: 8,
    });
    seeded++;
  }
  return seeded;
}

const DEMO_REQUESTS: ReadonlyArray<{
  type: InquiryTypeCode;
  locale: Locale;
  name: string;
  message: string;
  fields?: Record<string, string>;
}> = [
  {
    type: "general-question",
    locale: "es",
    name: "Lucía Fernández",
    message: "¿Puedo viajar fuera del país mientras espero mi tarjeta de residencia?",
    fields: { topic: "green-card" },
  },
  {
    type: "general-question",
    locale: "es",
    name: "Jorge Ramírez",
    message: "Mi cita de huellas es el lunes pero estoy enfermo. ¿Qué hago?",
    fields: { topic: "appointments" },
  },
  {
    type: "complaint",
    locale: "es",
    name: "Ana Torres",
    message: "Llamé tres veces y nadie me explicó por qué mi caso está detenido.",
    fields: { complaintAbout: "delay" },
  },
  {
    type: "general-question",
    locale: "en",
    name: "Sam Lee",
    message: "How do I pay the filing fee with a credit card?",
    fields: { topic: "fees" },
  },
  {
    type: "website-problem",
    locale: "en",
    name: "Priya Shah",
    message: "The processing times page does not load on my phone.",
    fields: { pageAddress: "/processing-times" },
  },
  {
    type: "general-question",
    locale: "ht",
    name: "Widline Joseph",
    message: "Kilè mwen ka resevwa kat travay mwen an? Mwen te aplike nan mwa jen.",
    fields: { topic: "work-permit" },
  },
  {
    type: "general-question",
    locale: "vi",
    name: "Nguyễn Văn An",
    message: "Tôi cần mang giấy tờ gì đến buổi phỏng vấn quốc tịch?",
    fields: { topic: "citizenship" },
  },
  {
    type: "feedback",
    locale: "fr",
    name: "Claire Dubois",
    message: "Le site en français est très clair, merci.",
    fields: { feedbackKind: "compliment" },
  },
  {
    type: "general-question",
    locale: "zh",
    name: "陈伟",
    message: "我的绿卡快过期了，应该什么时候申请更换？",
    fields: { topic: "green-card" },
  },
  {
    type: "general-question",
    locale: "ar",
    name: "أمل حسن",
    message: "هل يمكنني تغيير موعد المقابلة؟",
    fields: { topic: "appointments" },
  },
];

/**
 * A handful of requests in several languages, made through the real intake (references,
 * acknowledgements in the outbox, routing jobs), so the workspace has work in the demo.
 */
export async function seedDemoRequests(deps: InquiryDeps): Promise<number> {
  let created = 0;
  for (const [index, request] of DEMO_REQUESTS.entries()) {
    const result = await submitInquiry(deps, {
      type: request.type,
      locale: request.locale,
      channel: "web",
      contact: { name: request.name, email: `demo.person${index + 1}@example.org` },
      fields: request.fields ?? {},
      message: request.message,
      idempotencyKey: `demo-request-${index + 1}`,
    });
    if (result.outcome === "created") created++;
  }
  return created;
}
