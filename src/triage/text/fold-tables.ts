/**
 * @module The letter tables of text folding: Arabic-script letter variants and Latin look-alikes,
 * applied after Unicode compatibility decomposition and case folding (see `normalise.ts`).
 */

/**
 * Arabic/Persian/Urdu letter variants folded to one form, so a lexicon written in Arabic matches
 * Urdu or Persian spellings and the reverse. Hamza-carrying letters (أ إ آ ؤ ئ) are handled by
 * NFKD decomposition followed by mark removal; the letters below have no decomposition.
 */
export const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  '\u06CC': '\u064A', // ی Farsi yeh → ي
  '\u0649': '\u064A', // ى alef maksura → ي
  '\u06D0': '\u064A', // ې → ي
  '\u06A9': '\u0643', // ک keheh → ك
  '\u06AA': '\u0643', // ڪ swash kaf → ك
  '\u0629': '\u0647', // ة teh marbuta → ه
  '\u06C3': '\u0647', // ۃ Urdu teh marbuta goal → ه
  '\u06C1': '\u0647', // ہ heh goal (Urdu) → ه
  '\u06BE': '\u0647', // ھ heh doachashmee → ه
  '\u06D5': '\u0647', // ە ae → ه
  '\u06C0': '\u0647', // ۀ → ه (no canonical decomposition in every table)
  '\u0671': '\u0627', // ٱ alef wasla → ا
  '\u0672': '\u0627', // ٲ → ا
  '\u0673': '\u0627', // ٳ → ا
  '\u06D2': '\u064A', // ے yeh barree (Urdu) → ي
  '\u06D3': '\u064A', // ۓ → ي
};

/**
 * Cyrillic and Greek letters that look like Latin ones (after lower-casing). Folding them is
 * safe for the languages Vigil supports and defeats "rеcruit" with a Cyrillic е.
 */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  ς: 's',
  ı: 'i',
};
