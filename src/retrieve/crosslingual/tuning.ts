/** Knobs of the cross-lingual expansion, measured with scripts/dev/xling-probe.ts; defaults are the best found. */
export interface Tuning {
  /** Weight of a kept literal (number, acronym) relative to a translated word. */
  literalWeight: number;
  /** Translations found only inside a longer gloss count this much less. */
  partialFactor: number;
  /** Weight of a matched phrase's single words, relative to a free word. */
  constituentWeight: number;
  /** Match adjacent leftover words against glosses holding both in any order. */
  containment: boolean;
  /** Add to a two-word phrase's translations the glosses that hold both words in another order or wording. */
  rewordedPhrases: boolean;
  /** Exponent on IDF when df is given (0: ignore rarity). */
  idfPower: number;
  /** Factor for single-character translations. */
  singleCharFactor: number;
  /** Weight of a pinyin-composed Chinese name confirmed by the corpus. */
  nameWeight: number;
  /** Translations kept per English unit, best first. */
  perUnit: number;
  /** Quality factor for translations of a derived word's base (0: no derivational fallback). */
  derivation: number;
  /** Exponent on a unit's best translation quality, scaling the unit's weight (0: every unit counts fully). */
  confidencePower: number;
  /** Weight of a word known only from inside longer glosses. */
  partialUnitFactor: number;
  /** Exponent on the English word's rarity among dictionary glosses (0: all words alike). */
  specificityPower: number;
  /** Weight of a Western name's transliteration found in the corpus (0: no transliteration). */
  translitWeight: number;
  /** Least mean log-probability per character for a transliteration of three or more characters. */
  translitMinScore: number;
  /**
   * The same for two characters, stricter: a two-character spelling is often a common
   * word by chance. At -1.0 (was -0.65) "Manning" reaches 曼宁 (-0.87) and "Norman" 诺曼:
   * XQuAD en answered +1.2 points, no set's refusal rate moved (docs/EVAL.md).
   */
  translitMinScoreShort: number;
  /** Split a unit's weight among its translations (sum), give the best the full weight (max), or between (geo). */
  normalize: 'sum' | 'max' | 'geo';
}

export const DEFAULT_EXPANSION_TUNING: Readonly<Tuning> = Object.freeze({
  literalWeight: 1,
  partialFactor: 0.5,
  constituentWeight: 1,
  containment: true,
  rewordedPhrases: true,
  idfPower: 0,
  singleCharFactor: 0.3,
  nameWeight: 2,
  perUnit: 8,
  derivation: 0.7,
  normalize: 'sum',
  confidencePower: 0.5,
  partialUnitFactor: 0.5,
  specificityPower: 0,
  translitWeight: 1,
  translitMinScore: -1.3,
  translitMinScoreShort: -1,
});

let current: Readonly<Tuning> = DEFAULT_EXPANSION_TUNING;

export function tuning(): Readonly<Tuning> {
  return current;
}

/** For experiments only: replace the knobs (pass {} to restore the defaults). */
export function setTuning(t: Partial<Tuning>): void {
  current = { ...DEFAULT_EXPANSION_TUNING, ...t };
}
