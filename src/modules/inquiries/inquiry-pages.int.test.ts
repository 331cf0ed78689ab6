import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { testCipher } from "../../../test/support/cipher.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { type BrowserSession, browser } from "../../../test/support/sessions.ts";
import type { App } from "../../platform/http/types.ts";
import { formatDate } from "../../platform/i18n/dates.ts";
import type { Locale } from "../../platform/i18n/locales.ts";
import { seedDemoData } from "../cases/demo/seed.ts";
import { HTML_PAGE, minimalPdf, minimalPng } from "./attachments/attachments.fixtures.ts";
import { localDateOf } from "./business-days.ts";
import { findInquiryByReference } from "./inquiries.repository.ts";
import { transition } from "./inquiry-actions.service.ts";
import {
  type Answers,
  fillToReview,
  formOf,
  press,
  referenceOn,
  sampleFields,
  stepOf,
  trackingLinkOn,
} from "./inquiry-pages.test-helpers.ts";
import { INQUIRY_TYPE_CODES, INQUIRY_TYPES, type InquiryTypeCode } from "./inquiry-types.ts";

const PASSWORD = "a long river in spring";

/** Signs up through the form, follows the link from the queued e-mail, and signs in. */
async function newAccount(app: App, email: string): Promise<BrowserSession> {
  const visitor = browser(app);
  const signUp = await visitor.post("/signup", {
    kind: "public",
    displayName: "Signed Person",
    email,
    password: PASSWORD,
  });
  assert.equal(signUp.statusCode, 200);
  const job = await app.beacon.database.db
    .selectFrom("jobs")
    .select("payload")
    .where("name", "=", "email.send")
    .where(sql<string>`payload->>'to'`, "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const link = /verify-email\?token=([\w-]+)/.exec((job.payload as { text: string }).text);
  assert.ok(link);
  assert.equal((await visitor.get(`/verify-email?token=${link[1]}`)).statusCode, 200);
  assert.equal((await visitor.post("/signin", { email, password: PASSWORD })).statusCode, 303);
  return visitor;
}

/** Within normal processing time (received 2026-09-08, 775 days): too early to ask about delay. */
const MARIA = { receiptNumber: "EAC2612350001", dateOfBirth: "1988-03-14", familyName: "García" };
/** Outside normal processing time (received 2026-06-03, 81 days), and not final. */
const WIDLINE = { receiptNumber: "IOE0912345678", dateOfBirth: "1995-11-02", familyName: "Joseph" };
const HOSTILE_NAME = `<script>alert("name")</script>`;
const HOSTILE_MESSAGE = `<img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a> javascript:alert(3)`;

for (const target of databaseTargets()) {
  describe(`service request pages on ${target.name}`, () => {
    let t: TestApp;
    let dataDir: string;
    const today = localDateOf(new Date(), "America/New_York");
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "beacon-inquiry-pages-"));
      t = await createTestApp(target, { dataDir, publicUrl: "https://beacon.test" });
      await seedDemoData(t.app.beacon.database.db, { cases: 0, cipher: testCipher });
    });
    after(async () => {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    const db = () => t.app.beacon.database.db;
    const tr = (locale: Locale, key: string, values?: Record<string, string | number>) =>
      t.app.beacon.i18n.translate(locale, key, values);
    const prefix = (locale: Locale) => (locale === "en" ? "" : `/${locale}`);
    const answersFor = (code: InquiryTypeCode, email: string, extra: Partial<Answers> = {}): Answers => ({
      case: code === "outside-processing-time" ? WIDLINE : MARIA,
      details: sampleFields(code, today),
      contact: { "contact.name": "Ana Pérez", "contact.email": email, message: `About ${code}.` },
      ...extra,
    });
    const submit = async (
      session: BrowserSession,
      locale: Locale,
      code: InquiryTypeCode,
      answers: Answers,
    ) => {
      const review = await fillToReview(t.app, session, `${prefix(locale)}/requests/new/${code}`, answers);
      return press(t.app, session, formOf(review.body), "submit", {}, answers.files);
    };
    const storedFiles = async () => {
      const root = path.join(dataDir, "attachments");
      const folders = await readdir(root).catch(() => [] as string[]);
      const files = await Promise.all(
        folders.filter((f) => f !== "tmp").map((f) => readdir(path.join(root, f)).catch(() => [])),
      );
      return files.flat().length;
    };

    it("lists every kind of request, and explains that a request is followed through its private link", async () => {
      const page = await browser(t.app).get("/es/requests");
      assert.equal(page.statusCode, 200);
      for (const code of INQUIRY_TYPE_CODES) {
        assert.ok(page.body.includes(`href="/es/requests/new/${code}"`), code);
        assert.ok(
          page.body.includes(tr("es", `inquiry.type.${code}.description`).replace(/"/g, "&quot;")),
          code,
        );
      }
      assert.ok(page.body.includes(tr("es", "inquiryPages.index.trackHeading")));
      const help = await browser(t.app).get("/requests/track");
      assert.equal(help.statusCode, 200);
      assert.match(help.body, /private link/);
    });

    for (const locale of ["en", "es"] as const) {
      it(`takes every one of the 11 kinds of request on the web in ${locale}`, async () => {
        for (const code of INQUIRY_TYPE_CODES) {
          const session = browser(t.app);
          const email = `every-${locale}-${code}@example.org`;
          const done = await submit(session, locale, code, answersFor(code, email));
          assert.equal(
            done.statusCode,
            200,
            `${code}: ${done.body.replace(/[\s\S]*<main/, "").slice(0, 800)}`,
          );
          assert.ok(done.body.includes(tr(locale, "inquiryPages.done.title")), code);
          const reference = referenceOn(done.body);
          assert.ok(reference, `${code} shows its reference number`);
          const inquiry = await findInquiryByReference(db(), reference);
          assert.ok(inquiry);
          assert.equal(inquiry.type, code);
          assert.equal(inquiry.locale, locale);
          assert.equal(inquiry.channel, "web");
          assert.equal(inquiry.contact_email, email);
          const expected = sampleFields(code, today);
          for (const field of INQUIRY_TYPES[code].fields)
            assert.equal(
              inquiry.fields[field.name],
              expected[`fields.${field.name}`],
              `${code} ${field.name}`,
            );
          const replyBy = formatDate(localDateOf(inquiry.reply_due_at, "America/New_York"), locale);
          assert.ok(done.body.includes(tr(locale, "inquiryPages.done.replyBy", { date: replyBy })), code);
          assert.match(
            trackingLinkOn(done.body) ?? "",
            new RegExp(`^${prefix(locale)}/requests/track\\?token=`),
          );
        }
      });
    }

    it("keeps every answer when the person goes back, and when they change an answer from the review", async () => {
      const session = browser(t.app);
      const review = await fillToReview(t.app, session, "/requests/new/complaint", {
        case: { receiptNumber: "", dateOfBirth: "", familyName: "" },
        details: { "fields.complaintAbout": "delay", "fields.happenedOn": "2026-10-01" },
        contact: {
          "contact.name": "Back Tester",
          "contact.email": "back@example.org",
          "contact.phone": "202-555-0123",
          message: "First line\nSecond line",
        },
      });
      assert.ok(review.body.includes("Back Tester"));
      const contact = await press(t.app, session, formOf(review.body), "back");
      assert.equal(stepOf(contact.body), "contact");
      const contactForm = formOf(contact.body);
      assert.equal(contactForm.values.get("contact.name"), "Back Tester");
      assert.equal(contactForm.values.get("contact.phone"), "202-555-0123");
      assert.equal(contactForm.values.get("message"), "First line\nSecond line");
      const details = await press(t.app, session, contactForm, "back");
      assert.equal(stepOf(details.body), "details");
      assert.equal(formOf(details.body).values.get("fields.complaintAbout"), "delay");
      assert.equal(formOf(details.body).values.get("fields.happenedOn"), "2026-10-01");
      assert.equal(formOf(details.body).values.get("contact.email"), "back@example.org");
      // Forward again, then jump from the review straight to one step.
      const again = await press(t.app, session, formOf(details.body), "next");
      const review2 = await press(t.app, session, formOf(again.body), "next");
      assert.equal(stepOf(review2.body), "review");
      const edit = await press(t.app, session, formOf(review2.body), "edit-details");
      assert.equal(stepOf(edit.body), "details");
      assert.equal(formOf(edit.body).values.get("message"), "First line\nSecond line");
    });

    it("fills the form with the receipt number and question the assistant links with", async () => {
      const session = browser(t.app);
      const card = await session.get("/es/requests/new/card-not-received?receiptNumber=IOE0912345678");
      assert.equal(card.statusCode, 200);
      assert.equal(formOf(card.body).values.get("receiptNumber"), "IOE0912345678");
      const question = "¿Cuánto cuesta <b>renovar</b> la tarjeta?";
      const general = await session.get(
        `/requests/new/general-question?${new URLSearchParams({ message: question })}`,
      );
      assert.equal(general.statusCode, 200);
      assert.equal(formOf(general.body).values.get("message"), question);
      assert.ok(!general.body.includes("<b>renovar</b>"), "the question is shown as text");
      const tooLong = await session.get(`/requests/new/general-question?message=${"a".repeat(5001)}`);
      assert.equal(tooLong.statusCode, 400);
    });

    it("shows each step's problems in an error summary linked to the fields, and stays on the step", async () => {
      const session = browser(t.app);
      const first = await session.get("/es/requests/new/change-of-address");
      const wrong = await press(t.app, session, formOf(first.body), "next", {
        receiptNumber: "EAC123",
        dateOfBirth: "1988-02-30",
        familyName: "",
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(stepOf(wrong.body), "case");
      assert.match(wrong.body, /<a href="#receiptNumber">/);
      assert.match(wrong.body, /<a href="#dateOfBirth">/);
      assert.match(wrong.body, /<a href="#familyName">/);
      assert.ok(wrong.body.includes(tr("es", "inquiry.problem.required")));
      const details = await press(t.app, session, formOf(wrong.body), "next", MARIA);
      assert.equal(stepOf(details.body), "details");
      const missing = await press(t.app, session, formOf(details.body), "next", {
        "fields.postalCode": "123",
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /<a href="#fields\.addressLine1">/);
      assert.ok(missing.body.includes(tr("es", "inquiry.problem.not_a_postal_code")));
      const visitor = browser(t.app);
      const feedback = await visitor.get("/es/requests/new/feedback");
      const contactStep = await press(t.app, visitor, formOf(feedback.body), "next", {
        "fields.feedbackKind": "compliment",
      });
      const tooLong = await press(t.app, visitor, formOf(contactStep.body), "next", {
        "contact.name": "Ana",
        "contact.email": "ana@example.org",
        message: "x".repeat(5001),
      });
      assert.equal(tooLong.statusCode, 400);
      assert.ok(
        tooLong.body.includes(tr("es", "inquiryPages.contact.messageTooLong", { count: 5001, total: 5000 })),
      );
      const wrongProof = await submit(browser(t.app), "en", "card-not-received", {
        ...answersFor("card-not-received", "proof@example.org"),
        case: { ...MARIA, dateOfBirth: "1988-03-15" },
      });
      assert.equal(wrongProof.statusCode, 422);
      assert.equal(stepOf(wrongProof.body), "case");
      assert.ok(wrongProof.body.includes(tr("en", "inquiry.ineligible.notVerified")));
    });

    it("makes one request when the same form is sent twice at once", async () => {
      const session = browser(t.app);
      const answers = answersFor("general-question", "twice@example.org");
      const review = await fillToReview(t.app, session, "/requests/new/general-question", answers);
      const form = formOf(review.body);
      const [first, second] = await Promise.all([
        press(t.app, session, form, "submit"),
        press(t.app, session, form, "submit"),
      ]);
      assert.equal(first.statusCode, 200);
      assert.equal(second.statusCode, 200);
      assert.equal(referenceOn(first.body), referenceOn(second.body));
      const rows = await db()
        .selectFrom("inquiries")
        .select("id")
        .where("contact_email", "=", "twice@example.org")
        .execute();
      assert.equal(rows.length, 1);
    });

    it("refuses a delay request before the cut-off with the date from which to ask, and creates nothing", async () => {
      for (const locale of ["en", "es"] as const) {
        const email = `early-${locale}@example.org`;
        const response = await submit(browser(t.app), locale, "outside-processing-time", {
          ...answersFor("outside-processing-time", email),
          case: MARIA,
        });
        assert.equal(response.statusCode, 422);
        assert.ok(response.body.includes(tr(locale, "inquiryPages.ineligible.title")));
        const received = Date.parse("2026-09-08T12:00:00Z");
        const from = formatDate(new Date(received + 775 * 86_400_000), locale);
        assert.ok(response.body.includes(from), `${locale}: the date ${from} is on the page`);
        const rows = await db()
          .selectFrom("inquiries")
          .select("id")
          .where("contact_email", "=", email)
          .execute();
        assert.equal(rows.length, 0);
      }
    });

    it("shows script tags, event handlers and javascript: links as text on the review, confirmation and tracking pages", async () => {
      const session = browser(t.app);
      const answers = answersFor("website-problem", "hostile@example.org", {
        contact: {
          "contact.name": HOSTILE_NAME,
          "contact.email": "hostile@example.org",
          message: HOSTILE_MESSAGE,
        },
        details: { "fields.pageAddress": "javascript:alert(4)", "fields.device": `"><svg onload=alert(5)>` },
      });
      const review = await fillToReview(t.app, session, "/requests/new/website-problem", answers);
      const done = await press(t.app, session, formOf(review.body), "submit");
      assert.equal(done.statusCode, 200);
      const tracking = await session.get(trackingLinkOn(done.body) ?? "");
      assert.equal(tracking.statusCode, 200);
      for (const page of [review.body, done.body, tracking.body]) {
        assert.doesNotMatch(page, /<script>alert|<img src=x|<svg onload|href="javascript:/);
      }
      // Preact escapes "<", "&" and quotes; a ">" alone cannot open a tag.
      for (const page of [review.body, tracking.body]) {
        assert.ok(page.includes("&lt;img src=x onerror=alert(1)>"));
        assert.ok(page.includes("&lt;a href=&quot;javascript:alert(2)&quot;>click&lt;/a>"));
      }
      assert.ok(review.body.includes("&lt;script>alert(&quot;name&quot;)&lt;/script>"));
      assert.ok(review.body.includes("&quot;>&lt;svg onload=alert(5)>"));
    });

    it("answers 404 for a wrong or malformed tracking token", async () => {
      const session = browser(t.app);
      assert.equal((await session.get(`/requests/track?token=${"x".repeat(32)}`)).statusCode, 404);
      assert.equal((await session.get("/requests/track?token=%3Cscript%3E")).statusCode, 404);
      assert.equal((await session.get(`/es/requests/track?token=${"A".repeat(40)}`)).statusCode, 404);
    });

    it("moves a request waiting on the person to waiting on the agency when they add information", async () => {
      const session = browser(t.app);
      const done = await submit(
        session,
        "es",
        "general-question",
        answersFor("general-question", "waiting@example.org"),
      );
      const link = trackingLinkOn(done.body) ?? "";
      const inquiry = await findInquiryByReference(db(), referenceOn(done.body) ?? "");
      assert.ok(inquiry);
      await transition(db(), inquiry, "waiting_on_person", { kind: "staff", label: "Agent" });
      const waiting = await session.get(link);
      assert.ok(waiting.body.includes(tr("es", "inquiryPages.track.waitingOnYou")));
      const empty = await press(t.app, session, formOf(waiting.body), undefined, { message: "  " });
      assert.equal(empty.statusCode, 400);
      assert.ok(empty.body.includes(tr("es", "inquiry.problem.required")));
      const added = await press(t.app, session, formOf(waiting.body), undefined, {
        message: "Aquí está <b>más</b> información.",
      });
      assert.equal(added.statusCode, 303);
      const after = await session.get(String(added.headers.location));
      assert.ok(after.body.includes(tr("es", "inquiryPages.track.added")));
      assert.ok(after.body.includes("Aquí está &lt;b>más&lt;/b> información."));
      assert.ok(after.body.includes(tr("es", "inquiryPages.status.waiting_on_agency")));
      const row = await findInquiryByReference(db(), inquiry.reference);
      assert.equal(row?.status, "waiting_on_agency");
    });

    it("offers to reopen a request resolved within 30 days, and explains why an older or closed one cannot be added to", async () => {
      const session = browser(t.app);
      const done = await submit(session, "en", "feedback", answersFor("feedback", "reopen@example.org"));
      const link = trackingLinkOn(done.body) ?? "";
      const inquiry = await findInquiryByReference(db(), referenceOn(done.body) ?? "");
      assert.ok(inquiry);
      await transition(db(), inquiry, "resolved", { kind: "staff", label: "Agent" });
      const resolved = await session.get(link);
      assert.match(resolved.body, /we will open your request again/);
      const reopened = await press(t.app, session, formOf(resolved.body), undefined, {
        message: "Still need help.",
      });
      assert.equal(reopened.statusCode, 303);
      assert.equal((await findInquiryByReference(db(), inquiry.reference))?.status, "waiting_on_agency");
      await transition(db(), { id: inquiry.id, status: "waiting_on_agency" }, "resolved", {
        kind: "staff",
        label: "A",
      });
      await sql`UPDATE inquiries SET resolved_at = now() - interval '31 days' WHERE id = ${inquiry.id}`.execute(
        db(),
      );
      const old = await session.get(link);
      assert.ok(old.body.includes(tr("en", "inquiryPages.track.tooOld")));
      assert.doesNotMatch(old.body, /name="message"/);
      await transition(db(), { id: inquiry.id, status: "resolved" }, "closed", { kind: "staff", label: "A" });
      const closed = await session.get(link);
      assert.ok(closed.body.includes(tr("en", "inquiryPages.track.closed")));
      assert.match(closed.body, /href="\/requests"/);
    });

    it("takes files with a request, lists them, and lets only the request's own link download them", async () => {
      const session = browser(t.app);
      const png = minimalPng();
      const done = await submit(session, "en", "typographical-error", {
        ...answersFor("typographical-error", "files@example.org"),
        files: [
          { filename: "notice scan.pdf", data: minimalPdf(), contentType: "application/pdf" },
          { filename: `<img src=x onerror=alert(1)>.png`, data: png, contentType: "image/png" },
        ],
      });
      assert.equal(done.statusCode, 200, done.body.slice(0, 300));
      const tracking = await session.get(trackingLinkOn(done.body) ?? "");
      assert.ok(tracking.body.includes("notice scan.pdf"));
      // The name is cleaned at upload (no "<" or ">"), and shown as text.
      assert.ok(tracking.body.includes(">_img src=x onerror=alert(1)_.png</a>"));
      const links = [...tracking.body.matchAll(/href="(\/requests\/track\/attachments\/[^"]+)"/g)].map((m) =>
        String(m[1]).replace(/&amp;/g, "&"),
      );
      assert.equal(links.length, 2);
      const download = await t.app.inject({ url: links[1] ?? "" });
      assert.equal(download.statusCode, 200);
      assert.match(String(download.headers["content-disposition"]), /^attachment;/);
      assert.equal(download.headers["x-content-type-options"], "nosniff");
      assert.equal(download.headers["content-type"], "image/png");
      assert.deepEqual(download.rawPayload, png);

      const other = await submit(
        browser(t.app),
        "en",
        "general-question",
        answersFor("general-question", "other@example.org"),
      );
      const otherToken =
        new URL(trackingLinkOn(other.body) ?? "", "https://x").searchParams.get("token") ?? "";
      const stolen = (links[1] ?? "").replace(/token=[^&]+/, `token=${otherToken}`);
      assert.equal((await t.app.inject({ url: stolen })).statusCode, 404);
      assert.equal(
        (await t.app.inject({ url: (links[1] ?? "").replace(/token=[^&]+/, "token=nope") })).statusCode,
        404,
      );

      // More files added later, from the tracking page.
      const more = await press(
        t.app,
        session,
        formOf(tracking.body),
        undefined,
        { message: "Here is the card." },
        [{ filename: "card.png", data: png }],
      );
      assert.equal(more.statusCode, 303);
      const after = await session.get(String(more.headers.location));
      assert.ok(after.body.includes("card.png"));
    });

    it("refuses a file that is not a PDF, JPEG or PNG on the review, keeping every answer and storing nothing", async () => {
      const session = browser(t.app);
      const before = await storedFiles();
      const answers = answersFor("expedite", "refused@example.org");
      const review = await fillToReview(t.app, session, "/es/requests/new/expedite", answers);
      const refused = await press(t.app, session, formOf(review.body), "submit", {}, [
        { filename: "page.pdf", data: HTML_PAGE, contentType: "application/pdf" },
      ]);
      assert.equal(refused.statusCode, 415);
      assert.equal(stepOf(refused.body), "review");
      assert.match(refused.body, /<a href="#attachments">/);
      assert.ok(refused.body.includes(tr("es", "attachments.error.type")));
      assert.equal(formOf(refused.body).values.get("contact.email"), "refused@example.org");
      assert.equal(await storedFiles(), before);
      const rows = await db()
        .selectFrom("inquiries")
        .select("id")
        .where("contact_email", "=", "refused@example.org")
        .execute();
      assert.equal(rows.length, 0);
    });

    it("checks the CSRF token of a multipart form, and keeps no file of a refused request", async () => {
      const session = browser(t.app);
      const review = await fillToReview(
        t.app,
        session,
        "/requests/new/expedite",
        answersFor("expedite", "csrf@example.org"),
      );
      const form = formOf(review.body);
      const before = await storedFiles();
      form.values.set("_csrf", "forged-token-forged-token-forged-token-00");
      const forged = await press(t.app, session, form, "submit", {}, [
        { filename: "a.pdf", data: minimalPdf() },
      ]);
      assert.equal(forged.statusCode, 403);
      form.values.delete("_csrf");
      const missing = await press(t.app, session, form, "submit", {}, [
        { filename: "a.pdf", data: minimalPdf() },
      ]);
      assert.equal(missing.statusCode, 403);
      assert.equal(await storedFiles(), before);
    });

    it("offers a signed-in person their own cases without other proof, and lists their requests in their account", async () => {
      const person = await newAccount(t.app, "signed@example.org");
      const linked = await person.post("/account/link-case", MARIA);
      assert.equal(linked.statusCode, 200);
      const first = await person.get("/requests/new/expedite");
      assert.match(first.body, /id="caseChoice-EAC2612350001"/);
      assert.equal(formOf(first.body).values.get("contact.email"), "signed@example.org");
      const noChoice = await press(t.app, person, formOf(first.body), "next");
      assert.equal(noChoice.statusCode, 400);
      assert.match(noChoice.body, /<a href="#caseChoice-EAC2612350001">/);
      const details = await press(t.app, person, formOf(first.body), "next", {
        caseChoice: MARIA.receiptNumber,
      });
      assert.equal(stepOf(details.body), "details");
      const contact = await press(
        t.app,
        person,
        formOf(details.body),
        "next",
        sampleFields("expedite", today),
      );
      const review = await press(t.app, person, formOf(contact.body), "next", { message: "Please hurry." });
      assert.ok(review.body.includes(tr("en", "inquiryPages.review.caseInAccount")));
      const done = await press(t.app, person, formOf(review.body), "submit");
      assert.equal(done.statusCode, 200, done.body.slice(0, 500));
      const reference = referenceOn(done.body) ?? "";
      const row = await findInquiryByReference(db(), reference);
      assert.ok(row?.user_id, "the request belongs to the account");

      const account = await person.get("/es/account");
      assert.ok(account.body.includes(tr("es", "inquiryPages.yours.heading")));
      assert.ok(account.body.includes(`href="/es/account/requests/${reference}"`));
      const opened = await person.get(`/es/account/requests/${reference}`);
      assert.equal(opened.statusCode, 303);
      assert.match(String(opened.headers.location), /^\/es\/requests\/track\?token=/);
      assert.equal((await person.get(String(opened.headers.location))).statusCode, 200);
      assert.equal((await browser(t.app).get(`/account/requests/${reference}`)).statusCode, 303);
      const stranger = await newAccount(t.app, "stranger@example.org");
      assert.equal((await stranger.get(`/account/requests/${reference}`)).statusCode, 404);

      // The same case and kind again within 30 days joins the open request, and says so.
      const again = await fillToReview(t.app, person, "/requests/new/expedite", {
        case: { caseChoice: MARIA.receiptNumber },
        details: sampleFields("expedite", today),
        contact: { message: "One more thing." },
      });
      const joined = await press(t.app, person, formOf(again.body), "submit");
      assert.equal(joined.statusCode, 200);
      assert.ok(joined.body.includes(tr("en", "inquiryPages.done.linked")));
      assert.equal(referenceOn(joined.body), reference);
    });
  });
}
