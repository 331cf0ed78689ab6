import type { Locale } from "../../../platform/i18n/locales.ts";
import { normaliseFormNumbers, STEMMERS as SEARCH_STEMMERS } from "../../content/search.ts";
import { spanishStem as es, spanishSoundKey, spanishStemSound } from "./spanish.ts";
import { fold, isHan, isHangul, rememberRecent, scriptRuns, words } from "./text.ts";

/** The help search's stemmers, with the assistant's own Spanish one (spanish.ts). */
const STEMMERS: Partial<Record<Locale, (word: string) => string>> = { ...SEARCH_STEMMERS, es };

/**
 * Words that say nothing about the topic of a question: dropped from queries and articles alike.
 * Negations stay ("not received"). Folded, like everything compared.
 */
const STOPWORDS_TEXT: Record<Locale, string> = {
  en: "a an and are as at be been but by can could do does did for from had has have how i if in into is it its me my of on or our so that the their them then there these they this those to too was we were what when where which who why will with would you your am im i'm ive i've get got please pls plz hi hello hey thanks just also still any some all very really about up out u ur rn whats what's dont don't can't cant should need want help know tell way ok okay yes hey guys sir maam thing things now already yet ever even guess think thought wanna gonna gotta",
  es: "a al algo como con de del el ella ellos en es esta este esto la las le les lo los me mi mis muy o para pero por que se su sus te tu un una uno unos unas y yo ya hola gracias favor porfa hay puedo puede quiero necesito saber ayuda hacer hago hice hizo ellas ese esa eso esos esas estos estas estan estoy soy son fue fueron ser estar tengo tiene tienen tenemos han he ha hemos pues entonces cuando donde quien cual cuales ahi aqui alli asi tambien solo sobre hasta desde nos ustedes usted vos buenas buenos tardes dias noches oiga disculpe porque pq xq q k tmb pls nomas ok bueno si aun todavia otra otro aca alla oiga oye porfa porfavor ahorita ayudeme ayudenme digame dime quisiera podria podrian ocupo eres soy estas mucho muchos mucha muchas tan tanto",
  fr: "a au aux avec ce ces dans de des du elle en et eux il je j la le les leur lui ma mais me mes moi mon nos notre nous on ou par pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d l m n s t y est suis ai j'ai svp bonjour merci comment faire peux veux ils elles sont ont avait etait etre avoir fait faut cette cet aussi alors donc comme quand quoi ou est-ce est-ce-que ca ça cela ceci si plus tres bien bon voila deja encore toujours vraiment peut doit dois sais savoir oui non",
  pt: "a ao aos as com da das de do dos e ela ele em eu isso me meu minha na nas no nos o os ou para pela pelo por que se seu sua um uma voce pra pro como quero preciso posso ola obrigado fazer faco esta estou sou tem tenho foi ser estar ja ainda muito quando onde quem qual isso isto aqui ai la sim tambem entao porque pq so",
  vi: "toi cua la va co cho voi cac nhung nay thi ma o de mot ban minh a nhe vay gi sao lam the nao duoc can muon xin oi toi tui em anh chi co bac ong ba cac ho roi nua hay nao dau ai khi neu thi vi nen cung rat qua lai ra vao len xuong nha nhe a ah oi vay the nay kia day do duoc bi dang se da",
  tl: "ang ng mga sa na ay si ni ko mo ako ka siya po yung yun ba naman lang din rin at o kung para pa paano ano gusto kailangan pwede ay ito iyan iyon dito diyan doon nila namin natin kami kami tayo sila niya nya nyo ninyo kayo siya akin amin atin kanya kanila lang lamang nga kasi talaga sana daw raw ho opo oo may mayroon meron tapos pero kaya dahil eh ha ah nga yung iyong anong bakit saan sino kailan ng nang",
  ht: "mwen m ou w li l nou yo se a la an yon pou nan ak avek ave ki sa e kijan kouman eske vle bezwen kapab ka sa se te ap pral gen genyen tout wi men paske lè kote kiyès kisa poukisa deja toujou anko",
  ar: "في من على الى عن ان او و ما هل انا هذا هذه ذلك التي الذي مع كيف اريد ممكن لي عندي هو هي هم انت انتم نحن كان كانت يكون لقد قد ما ماذا لماذا متى اين كيف اي هناك هنا الان ايضا فقط جدا كل بعض غير الى حتى ثم او بل لكن اذا لو عند عندي لدي يا يعني",
  zh: "",
  ko: "",
  ru: "и в во что он на я с со как а то все она так его но да ты к у же вы за бы по ее мне было вот от меня о из ему мы ли или мой моя мое мои хочу можно как он она оно они мы вы ты его ее их этот эта это эти тот та те там тут уже еще тоже также только очень так когда где почему зачем какой какая какое какие кто бы ведь вот надо нужно нужен нужна пожалуйста",
  uk: "і й в у на з із до що як а та але я ти ви ми мені мене мій моя моє мої чи це є хочу можна він вона воно вони ми ви ти я мій моя моє мої твій наш ваш їх його її цей ця ці той та те там тут вже ще теж також тільки лише дуже так як коли де чому що який яка яке які хто чи би б бо адже ось от треба потрібно потрібен потрібна будь ласка",
};

/** Two-character pieces of Chinese and Korean that are grammar, not topic ("how", "can", "-요"). */
const STOP_BIGRAMS = new Set(
  "怎么 什么 我的 可以 如何 为什么 一个 我们 你们 请问 是不是 需要 想要 要怎 么办 怎样 吗？ 어떻 떻게 해요 하나 나요 있나 싶어 어요 세요 합니 니다 있어 에요 이에 인가 할까 하면 려면 하려 요？".split(
    " ",
  ),
);

/** A language's stop words, as written above (not folded). */
export function stopwordText(locale: Locale): string {
  return STOPWORDS_TEXT[locale];
}

const STOPWORDS = Object.fromEntries(
  Object.entries(STOPWORDS_TEXT).map(([locale, text]) => [locale, new Set(words(fold(text)))]),
) as Record<Locale, Set<string>>;

/** Spanish stop words as they sound, so that "nesesito" is a stop word like "necesito". */
const SPANISH_STOP_SOUNDS = new Set([...STOPWORDS.es].map(spanishSoundKey));

/** A word's searchable form in a language: folded and stemmed; undefined for a stopword. */
export function wordTerm(word: string, locale: Locale): string | undefined {
  if (STOPWORDS[locale].has(word)) return undefined;
  if (locale === "es" && SPANISH_STOP_SOUNDS.has(spanishSoundKey(word))) return undefined;
  const stem = STEMMERS[locale];
  const term = stem && word.length > 3 && !/\d/.test(word) ? stem(word) : word;
  // Spanish terms are how the stem sounds, on both sides: "resibi" and "recibí" are one term.
  return locale === "es" && !/\d/.test(word) ? spanishStemSound(word, term) : term;
}

/** How many words of each language `rememberedWordTerm` keeps: far more than people use daily. */
const REMEMBERED_WORDS = 20_000;
const rememberedTerms = new Map<Locale, Map<string, string>>();

/**
 * `wordTerm`, remembered: the same words come back message after message ("card", "tarjeta"), and
 * stemming them again is most of what splitting a message costs. "" for a stop word.
 */
function rememberedWordTerm(word: string, locale: Locale): string {
  let terms = rememberedTerms.get(locale);
  if (!terms) {
    terms = new Map();
    rememberedTerms.set(locale, terms);
  }
  let term = terms.get(word);
  if (term === undefined) {
    term = wordTerm(word, locale) ?? "";
    if (terms.size >= REMEMBERED_WORDS) terms.clear();
    terms.set(word, term);
  }
  return term;
}

/** Shared between the callers that ask for the same text (see `textTerms`): read-only. */
export interface QueryTerms {
  /** Single-word terms (Chinese and Korean: two-character pieces), with the surface word they came from. */
  readonly unigrams: ReadonlyArray<{ readonly term: string; readonly surface: string }>;
  /** Adjacent pairs, which reward articles that use the same phrase ("green card", "thẻ xanh"). */
  readonly bigrams: readonly string[];
}

function cjkPieces(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 2 <= chars.length; i++) out.push(chars.slice(i, i + 2).join(""));
  return out.filter((piece) => !STOP_BIGRAMS.has(piece));
}

/**
 * The terms of a text in one language. Latin, Cyrillic and Arabic words are folded, stopped and
 * stemmed; Chinese and Korean are cut into overlapping two-character pieces, which match whether
 * or not a writer put spaces or particles in. Form numbers become one word (`I 765` → `i765`).
 */
export function textTerms(text: string, locale: Locale): QueryTerms {
  let recent = recentTerms.get(locale);
  if (!recent) {
    recent = rememberRecent((key) => termsOf(key, locale), 8);
    recentTerms.set(locale, recent);
  }
  return recent(text);
}

/** A message's terms are asked for by the ranking and again by the passage: remembered for a while. */
const recentTerms = new Map<Locale, (text: string) => QueryTerms>();

function termsOf(text: string, locale: Locale): QueryTerms {
  const unigrams: Array<{ term: string; surface: string }> = [];
  const bigrams: string[] = [];
  let previous: string | undefined;
  // Hyphens and elisions join words people also write apart ("грін-карта", "l'examen"); Ukrainian
  // apostrophes are inside words ("сім'ї").
  const split = locale === "uk" ? /-/ : /['-]/;
  const pieces = words(fold(normaliseFormNumbers(text))).flatMap((word) => word.split(split));
  for (const word of pieces) {
    for (const run of scriptRuns(word)) {
      const first = run[0] ?? "";
      if (isHan(first) || isHangul(first)) {
        for (const piece of cjkPieces(run)) {
          if (piece.length < 2 && isHangul(first)) continue;
          unigrams.push({ term: piece, surface: piece });
        }
        previous = undefined;
        continue;
      }
      // Other languages' words inside Chinese or Korean text are mostly English ("EAD", "RFE").
      const wordLocale = locale === "zh" || locale === "ko" ? "en" : locale;
      const term = rememberedWordTerm(run, wordLocale);
      if (term.length === 0) {
        previous = undefined;
        continue;
      }
      unigrams.push({ term, surface: run });
      if (previous !== undefined) bigrams.push(`${previous}_${term}`);
      previous = term;
    }
  }
  return { unigrams, bigrams };
}
