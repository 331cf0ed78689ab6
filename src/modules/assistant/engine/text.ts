/**
 * Text normalisation shared by language detection, cue matching and retrieval. Everything the
 * engine compares goes through `fold`, on both sides, so "Dirección", "direccion" and "DIRECCIÓN"
 * are one word, and so are Arabic spellings with and without hamza or vowel marks.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const APOSTROPHES = /[’‘ʼ`´]/g;
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_LETTERS: Record<string, string> = {
  أ: "ا",
  إ: "ا",
  آ: "ا",
  ٱ: "ا",
  ى: "ي",
  ة: "ه",
  ؤ: "و",
  ئ: "ي",
  ک: "ك",
  ی: "ي",
};
const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

/** NFKC (full-width letters and digits become ASCII), no control characters, one kind of apostrophe. */
export function clean(text: string): string {
  // NFKC leaves ASCII as it is.
  const normal = BEYOND_ASCII.test(text) ? text.normalize("NFKC") : text;
  return normal.replace(CONTROL, " ").replace(APOSTROPHES, "'");
}

const BEYOND_ASCII = /[\u0080-\uffff]/;

/**
 * A function of a string remembered for the last few strings it was given: one message goes
 * through several steps that each fold or split the same text. Only for pure functions.
 */
export function rememberRecent<T>(compute: (key: string) => T, size = 16): (key: string) => T {
  const recent = new Map<string, T>();
  return (key) => {
    let value = recent.get(key);
    if (value === undefined) {
      value = compute(key);
      if (recent.size >= size) recent.clear();
      recent.set(key, value);
    }
    return value;
  };
}

/**
 * Lower case without accents or vowel marks. Hangul syllables survive (NFC puts them back
 * together after NFD takes them apart); Vietnamese đ becomes d, as people type it without accents.
 */
export const fold: (text: string) => string = rememberRecent(foldText);

function foldText(text: string): string {
  // ASCII has no accents, marks or Arabic letters, and NFD and NFC leave it as it is.
  if (!BEYOND_ASCII.test(text)) return clean(text).toLowerCase();
  return clean(text)
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC")
    .replace(/đ/g, "d")
    .replace(ARABIC_MARKS, "")
    .replace(/[أإآٱىةؤئکی]/g, (letter) => ARABIC_LETTERS[letter] ?? letter)
    .replace(ARABIC_DIGITS, (digit) => String((digit.charCodeAt(0) & 0xf) % 10));
}

const HAN = /\p{Script=Han}/u;
const HANGUL = /\p{Script=Hangul}/u;

export function isHan(char: string): boolean {
  return char.charCodeAt(0) >= 0x80 && HAN.test(char);
}

export function isHangul(char: string): boolean {
  return char.charCodeAt(0) >= 0x80 && HANGUL.test(char);
}

/** Words of folded text: runs of letters and digits, keeping inner apostrophes and hyphens. */
export function words(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
}

const HAN_OR_HANGUL = /[\p{Script=Han}\p{Script=Hangul}]/u;

/** Splits a Han run into its characters and a mixed word into script runs ("绿卡EAD" → 绿卡, ead). */
export function scriptRuns(word: string): string[] {
  if (!HAN_OR_HANGUL.test(word)) return [word];
  return word.match(/\p{Script=Han}+|\p{Script=Hangul}+|[^\p{Script=Han}\p{Script=Hangul}]+/gu) ?? [];
}

/** The edit-distance-1 deletions of a word, for typo-tolerant lookups (SymSpell). */
export function deletions(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) out.push([...chars.slice(0, i), ...chars.slice(i + 1)].join(""));
  return out;
}
