import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conceptTerms } from "./concepts.ts";
import { fold } from "./text.ts";

const has = (text: string, concept: string) => conceptTerms(fold(text)).includes(`concept${concept}`);

describe("concepts", () => {
  it("reads a described situation as the thing the articles name", () => {
    assert.ok(has("me cambié de apartamento el mes pasado", "address"));
    assert.ok(has("quiero traer a mi novia para casarnos", "fiance"));
    assert.ok(has("mi esposo gana poco", "income"));
    assert.ok(has("mi patron me pide papeles", "employer"));
    assert.ok(has("me pidieron más documentos", "evidence"));
    assert.ok(has("ya llamé y no me resuelven", "complaint"));
    assert.ok(has("me persiguen en mi país", "asylum"));
    assert.ok(has("mi mamá se hizo ciudadana antes de que yo cumpliera 18", "derived"));
    assert.ok(has("no puedo ir a mi cita", "reschedule"));
    assert.ok(has("no me a llegado la tarjeta", "notreceived"));
    assert.ok(has("la green card se me venció", "renew"));
    assert.ok(has("como me hago una cuenta en uscis", "account"));
  });

  it("keeps a fiancé(e) apart from sponsoring a family member", () => {
    assert.ok(!has("quiero traer a mi novia", "sponsor"));
    assert.ok(has("quiero traer a mi mamá", "sponsor"));
  });

  it("adds situation phrases to a concept without losing its own", () => {
    assert.ok(has("cambio de dirección", "address"));
    assert.ok(has("se me venció el permiso de trabajo", "workpermit"));
  });
});
