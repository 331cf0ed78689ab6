import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectLanguage } from "./language.ts";

describe("detecting the language of one message", () => {
  const cases: Array<[string, string]> = [
    ["Where can I see the status of my application?", "en"],
    ["¿Dónde puedo ver cómo va mi solicitud?", "es"],
    ["我想知道我的申请进度", "zh"],
    ["Tôi muốn biết hồ sơ của tôi đang ở đâu", "vi"],
    ["제 신청서가 어떻게 되고 있는지 알고 싶어요", "ko"],
    ["Gusto kong malaman kung nasaan na ang aplikasyon ko", "tl"],
    ["Mwen vle konnen kote dosye mwen an ye", "ht"],
    ["أريد أن أعرف أين وصل طلبي", "ar"],
    ["Je voudrais savoir où en est ma demande", "fr"],
    ["Quero saber como está o meu pedido", "pt"],
    ["Я хочу узнать, что с моим заявлением", "ru"],
    ["Я хочу дізнатися, що з моєю заявою", "uk"],
  ];
  for (const [text, language] of cases) {
    it(`recognises ${language}: "${text}"`, () => {
      assert.equal(detectLanguage(text).language, language);
    });
  }

  it("recognises Vietnamese typed without accents", () => {
    assert.equal(detectLanguage("toi chua nhan duoc giay bao cua so di tru").language, "vi");
  });

  it("answers a Spanish speaker who mixes in English words in Spanish", () => {
    assert.equal(
      detectLanguage("hola necesito ayuda, my green card expired and I need a new one").language,
      "es",
    );
  });

  it("recognises languages Beacon does not speak as 'other'", () => {
    for (const text of [
      "Wie kann ich meine Adresse ändern, bitte?",
      "私の申請はどこですか",
      "آدرس من عوض شده است، چکار کنم",
    ])
      assert.equal(detectLanguage(text).language, "other", text);
  });

  it("does not guess from a receipt number, a number or punctuation alone", () => {
    for (const text of ["EAC2612350001", "12345", "???", "🙂"])
      assert.equal(detectLanguage(text).language, undefined);
  });
});
