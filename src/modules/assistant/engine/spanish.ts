import { stemmer as snowball } from "@orama/stemmers/spanish";

/**
 * Spanish stemming for folded text. The engine folds before stemming, on both sides, because the
 * public writes without accents; but Snowball's Spanish rules read accents ("aplicación" →
 * `aplic`, "perdí" → `perd`), so on folded words they miss, and "aplicacion" never met "aplicar".
 * Three repairs, all on the word's form, none on any particular question:
 * - the accents Snowball needs are put back where Spanish spelling makes them certain or harmless
 *   (-ción, -sión, -ía, a final -í after a consonant: "perdi" is "perdí");
 * - stems of vowel-changing verbs are brought together: "encuentro" and "encontrar", "cuesta" and
 *   "costo", "pierdo" and "perder" (ue → o, ie → e), and the spelling changes before -e
 *   ("saqué" → `sac`, "llegué" → `lleg`);
 * - the common e → i verbs and irregular first persons ("pido" / "pedir", "corrijo" / "corregir",
 *   "traigo" / "traer") from a short table of Spanish verbs.
 */
const IRREGULAR_STEMS: Record<string, string> = {
  pid: "ped",
  consig: "conseg",
  consigu: "conseg",
  sig: "seg",
  sigu: "seg",
  sirv: "serv",
  repit: "repet",
  corrij: "correg",
  corrig: "correg",
  elij: "eleg",
  elig: "eleg",
  traig: "tra",
  traj: "tra",
  salg: "sal",
  pong: "pon",
  pus: "pon",
  veng: "ven",
  vin: "ven",
  dij: "dec",
  dig: "dec",
  pud: "pod",
  quis: "quer",
  hic: "hac",
  hag: "hac",
  hiz: "hac",
};

const E_TO_I_STEMS: Record<string, string> = {
  pid: "ped",
  sigu: "seg",
  sig: "seg",
  sirv: "serv",
  rij: "reg",
  rig: "reg",
  lij: "leg",
  lig: "leg",
};
const E_TO_I = /(pid|sigu|sig|sirv|rij|rig|lij|lig)$/;

function reaccent(word: string): string {
  if (word.length <= 3) return word;
  return word
    .replace(/cion(es)?$/, (_, plural) => (plural ? "ciones" : "ción"))
    .replace(/sion$/, "sión")
    .replace(/([^aeiou])ias?$/, (match, consonant) => `${consonant}í${match.slice(2)}`)
    .replace(/([^aeiou])i$/, "$1í");
}

/**
 * Everyday and borrowed words for the agency's own: "aplicar" (to apply) is "solicitar"; "sacar" and
 * "conseguir" a document is "obtener" it; "checar" is "revisar". Stems, applied to articles and
 * questions alike.
 */
const EVERYDAY_STEMS: Record<string, string> = {
  aplic: "solicit",
  solicitud: "solicit",
  sac: "obten",
  conseg: "obten",
  obteng: "obten",
  chec: "revis",
  cheq: "revis",
};

/** The stem of a folded Spanish word, the same whether or not it was written with accents. */
export function spanishStem(word: string): string {
  let stem = snowball(reaccent(word)).normalize("NFD").replace(/\p{M}/gu, "");
  // Without its accent the -ió of the past ("venció", "recibió") is read as -o and leaves an i
  // ("venci"), and -io/-iar words keep it ("cambio", "enviar"): the stem is taken without it, so
  // "vencio" meets "vence", "recibio" meets "recibir", and "familia" meets "familiar".
  if (stem.length >= 4) stem = stem.replace(/([^aeiou])i$/, "$1");
  stem = IRREGULAR_STEMS[stem] ?? stem;
  // Spelling before -e: saqué/sacar, llegué/llegar, empecé/empezar.
  if (stem.length > 3) stem = stem.replace(/qu$/, "c").replace(/([^n])gu$/, "$1g");
  if (stem.length > 3) stem = stem.replace(/ue/g, "o").replace(/ie/g, "e");
  stem = IRREGULAR_STEMS[stem] ?? stem;
  // e → i verbs with prefixes: "persiguen" / "perseguir", "despido" / "despedir", "elijo" / "elegir".
  if (stem.length > 4) stem = stem.replace(E_TO_I, (ending) => E_TO_I_STEMS[ending] ?? ending);
  return EVERYDAY_STEMS[stem] ?? stem;
}

/**
 * How a folded Spanish word sounds, so that the spellings people mix up meet: b/v, s/c/z before
 * e and i ("siudadania", "nesesito"), ll/y ("yamar"), silent h ("ablar", "aser"), qu/k/c
 * ("kiero"), g/gu/j before e and i ("ajente", "sige"), m/n before b and p ("enpleo"), cc/cs/c
 * ("direcsion"), and doubled letters ("dirreccion"). The key is for comparing, never shown.
 */
export function spanishSoundKey(word: string): string {
  if (/\d/.test(word)) return word;
  return word
    .replace(/ch/g, "C")
    .replace(/ll/g, "y")
    .replace(/qu(?=[ei])/g, "k")
    .replace(/gu(?=[ei])/g, "g")
    .replace(/h/g, "")
    .replace(/c(?=[ei])/g, "s")
    .replace(/[cq]/g, "k")
    .replace(/z/g, "s")
    .replace(/g(?=[ei])/g, "j")
    .replace(/v/g, "b")
    .replace(/y(?![aeiou])/g, "i")
    .replace(/m(?=[bp])/g, "n")
    .replace(/ks/g, "s")
    .replace(/(.)\1+/g, "$1")
    .replace(/C/g, "ch");
}

/**
 * How the part of a word its stem covers sounds, read with the letter after it, which decides c
 * and g: the stem `dic` of "dice" sounds "dis", like the stem `dis` of "disiendo".
 */
export function spanishStemSound(word: string, stem: string): string {
  const next = word.startsWith(stem) ? word[stem.length] : undefined;
  return next && /[aeiou]/.test(next) ? spanishSoundKey(stem + next).slice(0, -1) : spanishSoundKey(stem);
}
