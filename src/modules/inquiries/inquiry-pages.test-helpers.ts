import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import type { BrowserSession } from "../../../test/support/sessions.ts";
import type { App } from "../../platform/http/types.ts";
import { type FieldDefinition, INQUIRY_TYPES, type InquiryTypeCode } from "./inquiry-types.ts";

/** What a browser would send from the page's step form: every successful control but the buttons. */
export interface FormSnapshot {
  action: string;
  multipart: boolean;
  values: Map<string, string>;
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>]|$)`).exec(tag);
  return match ? decode(match[1] ?? "") : undefined;
};

/** Reads the page's first `method="post"` form the way a browser would submit it. */
export function formOf(html: string, index = 0): FormSnapshot {
  const forms = [...html.matchAll(/<form\b((?:[^>"]|"[^"]*")*)>([\s\S]*?)<\/form>/g)].filter((m) =>
    /method="post"/.test(m[1] ?? ""),
  );
  const form = forms[index];
  assert.ok(form, "the page has a form");
  const [, head = "", body = ""] = form;
  const values = new Map<string, string>();
  for (const [tag] of body.matchAll(/<input\b(?:[^>"]|"[^"]*")*>/g)) {
    const name = attribute(tag, "name");
    const type = attribute(tag, "type") ?? "text";
    if (!name || type === "file") continue;
    if ((type === "radio" || type === "checkbox") && attribute(tag, "checked") === undefined) continue;
    values.set(name, attribute(tag, "value") ?? "");
  }
  for (const [, tag = "", content = ""] of body.matchAll(
    /<textarea\b((?:[^>"]|"[^"]*")*)>([\s\S]*?)<\/textarea>/g,
  ))
    values.set(attribute(tag, "name") ?? "", decode(content));
  for (const [, tag = "", options = ""] of body.matchAll(
    /<select\b((?:[^>"]|"[^"]*")*)>([\s\S]*?)<\/select>/g,
  )) {
    const selected = /<option\b[^>]*\sselected[^>]*>/.exec(options);
    values.set(attribute(tag, "name") ?? "", selected ? (attribute(selected[0], "value") ?? "") : "");
  }
  return {
    action: attribute(head, "action") ?? "",
    multipart: attribute(head, "enctype") === "multipart/form-data",
    values,
  };
}

export interface UploadFile {
  filename: string;
  data: Buffer;
  contentType?: string;
}

/** A multipart/form-data body: the fields in order, then the files, as a browser sends a form whose file input is last. */
export function multipartBody(fields: Iterable<[string, string]>, files: UploadFile[] = []) {
  const boundary = `----beaconForm${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields)
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  const parts = files.length > 0 ? files : [{ filename: "", data: Buffer.alloc(0) }];
  for (const file of parts)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? "application/octet-stream"}\r\n\r\n`,
      ),
      file.data,
      Buffer.from("\r\n"),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Submits a form snapshot with changes and the pressed button (`go`), as a browser would. */
export async function press(
  app: App,
  session: BrowserSession,
  form: FormSnapshot,
  go: string | undefined,
  changes: Record<string, string> = {},
  files: UploadFile[] = [],
): Promise<LightMyRequestResponse> {
  const values = new Map(form.values);
  for (const [name, value] of Object.entries(changes)) values.set(name, value);
  if (go) values.set("go", go);
  const body = form.multipart
    ? multipartBody(values, files)
    : {
        payload: new URLSearchParams([...values]).toString(),
        contentType: "application/x-www-form-urlencoded",
      };
  const response = await app.inject({
    method: "POST",
    url: form.action,
    headers: { cookie: session.jar.header(), "content-type": body.contentType },
    payload: body.payload,
  });
  session.jar.absorb(response.headers["set-cookie"]);
  return response;
}

/** The step a form page shows. */
export const stepOf = (html: string) => /name="step" value="(\w+)"/.exec(html)?.[1];

function sampleValue(field: FieldDefinition, today: string): string {
  switch (field.kind) {
    case "select":
      return field.options?.at(-1) ?? "";
    case "state":
      return "CA";
    case "postal-code":
      return "20500";
    case "date": {
      const offset = field.when === "future" ? 40 : -40;
      return new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    }
    default:
      return `${field.name} sample`;
  }
}

/** A valid answer for every field of a type, built from its definition. */
export function sampleFields(code: InquiryTypeCode, today: string): Record<string, string> {
  return Object.fromEntries(
    INQUIRY_TYPES[code].fields.map((field) => [`fields.${field.name}`, sampleValue(field, today)]),
  );
}

export interface Answers {
  case?: Record<string, string>;
  details?: Record<string, string>;
  contact: Record<string, string>;
  files?: UploadFile[];
}

/** Walks the form from its first page to the review, answering each step; returns the review page. */
export async function fillToReview(
  app: App,
  session: BrowserSession,
  url: string,
  answers: Answers,
): Promise<LightMyRequestResponse> {
  let page = await session.get(url);
  assert.equal(page.statusCode, 200, page.body.slice(0, 500));
  for (let guard = 0; guard < 5; guard += 1) {
    const step = stepOf(page.body);
    if (step === "review") return page;
    const changes = step === "case" ? answers.case : step === "details" ? answers.details : answers.contact;
    page = await press(app, session, formOf(page.body), "next", changes ?? {});
    assert.equal(page.statusCode, 200, `${step}: ${page.body.replace(/[\s\S]*<main/, "").slice(0, 1500)}`);
  }
  throw new Error("the form never reached its review step");
}

/** The reference number on a confirmation page. */
export const referenceOn = (html: string) =>
  /id="reference-number"[^>]*>([A-Z]{3}-\d{2}-\d{6}-\d)</.exec(html)?.[1];

/** The private tracking link on a confirmation page. */
export const trackingLinkOn = (html: string) =>
  /id="tracking-link" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
