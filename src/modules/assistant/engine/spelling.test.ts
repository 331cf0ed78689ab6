import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spanishSoundKey } from "./spanish.ts";
import { Respeller, respellers } from "./spelling.ts";
import { textTerms } from "./terms.ts";
import { fold } from "./text.ts";

describe("the sound of a Spanish word", () => {
  it("folds the spellings people mix up to one key", () => {
    for (const [slip, word] of <Array<[string, string]>>[
      ["resivi", "recibi"],
      ["nesesito", "necesito"],
      ["siudadania", "ciudadania"],
      ["ziudadania", "ciudadania"],
      ["berde", "verde"],
      ["yamar", "llamar"],
      ["ablar", "hablar"],
      ["aser", "hacer"],
      ["kiero", "quiero"],
      ["qiero", "quiero"],
      ["ajente", "agente"],
      ["sige", "sigue"],
      ["enpleo", "empleo"],
      ["direcsion", "direccion"],
      ["dirrecion", "direccion"],
      ["ai", "hay"],
      ["emerjensia", "emergencia"],
    ]) {
      assert.equal(spanishSoundKey(slip), spanishSoundKey(word), `${slip} / ${word}`);
    }
  });

  it("keeps apart what sounds different", () => {
    for (const [one, other] of <Array<[string, string]>>[
      ["casa", "cosa"],
      ["carta", "cita"],
      ["gana", "jana"],
      ["chico", "sico"],
    ]) {
      assert.notEqual(spanishSoundKey(one), spanishSoundKey(other), `${one} / ${other}`);
    }
  });

  it("leaves words with digits alone", () => {
    assert.equal(spanishSoundKey("i130"), "i130");
  });

  it("gives a misspelled word and the right one the same search term", () => {
    const terms = (text: string) => textTerms(text, "es").unigrams.map((u) => u.term);
    assert.deepEqual(terms("no resivi la sitasion"), terms("no recibí la citación"));
    assert.deepEqual(terms("mi siudadania"), terms("mi ciudadanía"));
    assert.deepEqual(terms("nesesito renobar"), terms("necesito renovar"));
  });

  it("gives the unaccented past (-io) the stem of the verb", () => {
    const term = (word: string) => textTerms(word, "es").unigrams[0]?.term;
    assert.equal(term("vencio"), term("vence"));
    assert.equal(term("recibio"), term("recibir"));
    assert.equal(term("perdio"), term("perdida"));
    assert.equal(term("familia"), term("familiar"));
    assert.equal(term("cambio"), term("cambiar"));
  });
});

describe("respelling a message the way the articles spell it", () => {
  const respeller = respellers([
    {
      locale: "es",
      text: "Si no recibió su tarjeta verde, llame al centro de contacto. Cambie su dirección en línea.",
    },
  ]).get("es");

  it("exists for Spanish only", () => {
    assert.ok(respeller instanceof Respeller);
    assert.equal(respellers([]).get("fr"), undefined);
  });

  it("respells unknown words that sound like known ones", () => {
    assert.equal(
      respeller?.respell(fold("no e resibido mi tarjeta berde, nesesito cambiar mi direcsion")),
      "no e recibido mi tarjeta verde, necesito cambiar mi direccion",
    );
  });

  it("keeps the person's ending on a known stem", () => {
    assert.equal(respeller?.respell("me yamaron ayer"), "me llamaron ayer");
  });

  it("leaves known words, single letters, numbers and form numbers alone", () => {
    const text = "y el i-9 y el i130 de eac2612350001 y la carta";
    assert.equal(respeller?.respell(text), text);
  });

  it("knows the words of the engine's own Spanish cues", () => {
    assert.equal(
      respeller?.respell("grasias, kiero ablar con un ajente"),
      "gracias, quiero hablar con un agente",
    );
  });
});
