import type { Locale } from "../../../platform/i18n/locales.ts";

/**
 * Phrases that signal what a message is about, per language, as regular-expression sources written
 * the way people type (folded before use, so accents are optional). A cue matches at the start of a
 * word and may run on ("detain" matches "detained"); a trailing `=` makes it a whole word. Chinese,
 * Korean and Arabic cues match anywhere, since words there carry particles and clitics.
 *
 * The sets live in cues-safety.ts (danger, abuse), cues-conversation.ts (a person, small talk,
 * legal advice), cues-waiting.ts (how long, where is my case, too long) and cues-scope.ts (in and
 * out of the agency's work). They are written from the agency's topics and everyday phrasing;
 * docs/assistant.md says which were written alongside the evaluation set.
 */
export type CueSet = Record<Locale, string[]>;
