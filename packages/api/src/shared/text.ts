import { z } from 'zod';

/**
 * Free text that other people see (names, notes, goal and payee names): trimmed, bounded,
 * without angle brackets (so it cannot turn into markup in a client that inserts it as
 * HTML, as the old web front end does), and without anything that hides or disguises
 * what it says: control and format characters (bidi overrides such as U+202E, zero-width
 * spaces, tag characters), line and paragraph separators, private-use and lone surrogate
 * code points, blank "letters", stacks of combining marks, and text with nothing visible.
 */
export function plainText(max: number, min = 0, label = 'Text') {
  return z
    .string()
    .trim()
    .min(min, `${label} is required`)
    .max(max)
    .superRefine((text, ctx) => {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `${label} ${problem}` });
    });
}

const MARKUP = /[<>]/;
/**
 * Cc, Cf, Zl, Zp, Co, Cs; blank "letters" (Hangul fillers, the blank Braille cell); the
 * grapheme joiner and variation selectors other than text/emoji presentation (FE0E/FE0F),
 * which draw nothing and can carry hidden data.
 */
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800]|\u034F|[\uFE00-\uFE0D]|[\u{E0100}-\u{E01EF}]/u;
/**
 * ZWNJ/ZWJ are Cf but spell Indic scripts (after a virama, or Bengali's RA before one),
 * Arabic-script words (Urdu, Persian) and emoji sequences: they are kept between the
 * letters and marks of such scripts, so none can hide inside a Latin, Greek or Cyrillic word.
 */
const SCRIPT_JOINER =
  /(?<=(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{L}\p{M}*)[\u200C\u200D](?=[\p{L}\p{M}])/gu;
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D(?=\p{Extended_Pictographic})/gu;
/** Real scripts stack at most a few marks on one base; more overwrites neighbouring text. */
const MARK_PILE = /\p{M}{5}/u;
const LONE_SURROGATE = /\p{Cs}/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Why `text` is not acceptable plain text (a phrase to follow the field's label), or null. */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'contains an invalid character (a lone surrogate)';
  if (MARKUP.test(text)) return 'may not contain < >';
  const unjoined = text.replace(SCRIPT_JOINER, '').replace(EMOJI_JOINER, '');
  if (HIDDEN.test(unjoined)) {
    return 'may not contain control, invisible or formatting characters (such as direction overrides, zero-width spaces or line separators)';
  }
  if (MARK_PILE.test(text)) return 'may not stack more than 4 accents or marks on one letter';
  if (text !== '' && !VISIBLE.test(text)) return 'must contain visible characters';
  return null;
}
