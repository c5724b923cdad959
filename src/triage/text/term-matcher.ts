/**
 * @module A token trie compiled once from every term of a lexicon. One pass over the text's
 * tokens finds every occurrence of every term set, whatever the number of terms.
 *
 * Two levels, both keyed by numbers rather than strings: every distinct lexicon word (and every
 * `prefix*` word) gets an id in a vocabulary hashed by its UTF-16 code units, so a token is looked
 * up by hashing its characters in place in the folded text — no substring per token, and a token
 * that is no lexicon word (almost all of them) costs one probe. Phrases are then a trie over word
 * ids, walked only from tokens that have an id.
 */
import { foldTerm } from './normalise.js';
import {
  ARABIC_PROCLITICS,
  FNV_OFFSET,
  FNV_PRIME,
  LEET_CODE,
  TOKEN_ARABIC,
  TOKEN_LEET,
  TokenBuffer,
  tokenize,
  wordHash,
} from './tokenize.js';
import type { TokenFilter, TokenStream } from './tokenize.js';
import { WordTable } from './word-table.js';

interface TrieNode {
  /** Word id → next node. */
  readonly children: Map<number, TrieNode>;
  /** Term sets that end here. */
  sets: number[] | null;
}

/** One occurrence of a term set: tokens `[tokenStart, tokenEnd)`. */
export interface Occurrence {
  readonly set: number;
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

const newNode = (): TrieNode => ({ children: new Map(), sets: null });

/**
 * Per first unit, the proclitics (as code units) starting with it, in `ARABIC_PROCLITICS` order
 * (the order readings are tried): a word is only compared with the one or two that can apply.
 */
const PROCLITICS_BY_FIRST = new Map<number, Uint16Array[]>();
for (const p of ARABIC_PROCLITICS) {
  const units = Uint16Array.from(p, (c) => c.charCodeAt(0));
  const list = PROCLITICS_BY_FIRST.get(units[0]!) ?? [];
  list.push(units);
  PROCLITICS_BY_FIRST.set(units[0]!, list);
}
/** `PROCLITIC_LIST[c]`: index into `PROCLITIC_LISTS` of unit `c`'s proclitics, or -1. */
const PROCLITIC_LIST = new Int8Array(65536).fill(-1);
const PROCLITIC_LISTS: Uint16Array[][] = [];
for (const [first, list] of PROCLITICS_BY_FIRST) {
  PROCLITIC_LIST[first] = PROCLITIC_LISTS.length;
  PROCLITIC_LISTS.push(list);
}

/** Whether `text` has the units `word` at `at`. */
function spells(text: Uint16Array, at: number, word: Uint16Array): boolean {
  for (let k = 0; k < word.length; k++) if (text[at + k] !== word[k]) return false;
  return true;
}

/** Compiled term sets; `setIds[i]` names set `i`. */
export class TermMatcher {
  private readonly root = newNode();
  readonly setIds: string[] = [];
  private readonly setIndex = new Map<string, number>();
  /** Every folded term, for reporting and for the grep baseline in the benchmark. */
  readonly foldedTerms: string[] = [];
  /** Whole lexicon words. */
  private readonly exact = new WordTable();
  /** `prefix*` words: a token matches when it starts with one. */
  private readonly prefixes = new WordTable();
  private wordCount = 0;
  /** What the scanners may rule out for this matcher (see `TokenFilter`); its tables grow with `add`. */
  readonly filter: TokenFilter = {
    exact: new Uint8Array(8192),
    prefixFirst: this.prefixes.firstUnits,
  };
  /** The most tokens any term spans: an occurrence is never longer. */
  maxTermTokens = 0;
  // Per-call scratch: word ids of each token, as a linked list in flat arrays.
  // Between calls every entry of `idHead` is -1 (no id), so a call resets only what it touched.
  private idHead = new Int32Array(256).fill(-1);
  private idValue = new Int32Array(256);
  private idNext = new Int32Array(256);
  private idCount = 0;
  // Candidate-list mode: tokens outside the list get their ids when a phrase walk reaches them.
  // `known[t]` is 1 once token t was looked up; `touched` lists those looked up on the way.
  private lazyUnits: Uint16Array = new Uint16Array(0);
  // Units of texts whose token stream carries none.
  private readonly unitLoader = new TokenBuffer(1);
  private lazyTokens: TokenStream | null = null;
  private known = new Uint8Array(256);
  private touched = new Int32Array(256);
  private touchedCount = 0;
  private rootChildCache: Array<TrieNode | undefined> | null = null;

  /** Index of a set, creating it on first use. */
  setNumber(id: string): number {
    let n = this.setIndex.get(id);
    if (n === undefined) {
      n = this.setIds.length;
      this.setIds.push(id);
      this.setIndex.set(id, n);
    }
    return n;
  }

  private wordId(table: WordTable, word: string): number {
    let id = table.get(word);
    if (id === undefined) {
      id = this.wordCount++;
      table.add(word, id);
    }
    return id;
  }

  /**
   * Add a term to a set. The term is folded like text and split into words; a word ending in
   * `*` matches any word that starts with it. Returns false if the term has no word at all.
   */
  add(setId: string, term: string): boolean {
    this.rootChildCache = null;
    const set = this.setNumber(setId);
    const words = term.trim().split(/\s+/u);
    let node = this.root;
    let any = false;
    let length = 0;
    for (const word of words) {
      const isPrefix = word.length > 1 && word.endsWith('*');
      const folded = foldTerm(isPrefix ? word.slice(0, -1) : word);
      // A word such as "al-qaeda" folds to several tokens; chain them.
      const toks = tokenize(folded);
      for (let t = 0; t < toks.length; t++) {
        const key = toks[t]!.forms[0]!;
        any = true;
        length++;
        const prefixWord = isPrefix && t === toks.length - 1;
        const id = prefixWord ? this.wordId(this.prefixes, key) : this.wordId(this.exact, key);
        // Only a term's first word can start an occurrence: only those pass the scan's filter
        // (a prefix word passes by its first unit). Later words are looked up when reached.
        if (node === this.root && !prefixWord) {
          const h = wordHash(key);
          const bits = this.filter.exact;
          bits[(h >> 3) & 0x1fff] = bits[(h >> 3) & 0x1fff]! | (1 << (h & 7));
        }
        let child = node.children.get(id);
        if (child === undefined) {
          child = newNode();
          node.children.set(id, child);
        }
        node = child;
      }
    }
    if (!any) return false;
    this.maxTermTokens = Math.max(this.maxTermTokens, length);
    node.sets ??= [];
    if (!node.sets.includes(set)) node.sets.push(set);
    this.foldedTerms.push(foldTerm(term.replace(/\*(?=\s|$)/gu, '')));
    return true;
  }

  /** Record word id `id` for token `t` unless it is already there. */
  private pushId(t: number, id: number): void {
    for (let e = this.idHead[t]!; e >= 0; e = this.idNext[e]!) if (this.idValue[e] === id) return;
    if (this.idCount === this.idValue.length) {
      const size = this.idCount * 2;
      const v = new Int32Array(size);
      v.set(this.idValue);
      this.idValue = v;
      const n = new Int32Array(size);
      n.set(this.idNext);
      this.idNext = n;
    }
    this.idValue[this.idCount] = id;
    this.idNext[this.idCount] = this.idHead[t]!;
    this.idHead[t] = this.idCount++;
  }

  /** Look up one reading `text[from, to)` of token `t`: the whole word and every prefix word. */
  private lookup(text: Uint16Array, t: number, from: number, to: number, leet: boolean): void {
    const prefixLengths = this.prefixes.lengths;
    const maxPrefix = this.prefixes.size === 0 ? 0 : prefixLengths.length - 1;
    let h = FNV_OFFSET;
    for (let k = from; k < to; k++) {
      let c = text[k]!;
      if (leet && c < 128) c = LEET_CODE[c]!;
      h = Math.imul(h ^ c, FNV_PRIME);
      const n = k - from + 1;
      if (n <= maxPrefix && prefixLengths[n] === 1) {
        const id = this.prefixes.probe(text, from, k + 1, leet, h);
        if (id >= 0) this.pushId(t, id);
      }
    }
    const id = this.exact.probe(text, from, to, leet, h);
    if (id >= 0) this.pushId(t, id);
  }

  /** Record the word ids of every reading of token `t`; whether it has any. */
  private lookupToken(text: Uint16Array, tokens: TokenStream, t: number): boolean {
    const s = tokens.start[t]!;
    const e = tokens.end[t]!;
    const flags = tokens.flags[t]!;
    // The tokenizer already hashed the surface form; only a possible prefix word needs a walk.
    if (this.prefixes.size > 0 && this.prefixes.firstUnits[text[s]!] === 1)
      this.lookup(text, t, s, e, false);
    else {
      const id = this.exact.probe(text, s, e, false, tokens.hash[t]!);
      if (id >= 0) this.pushId(t, id);
    }
    if (flags !== 0) {
      if ((flags & TOKEN_LEET) !== 0) this.lookup(text, t, s, e, true);
      // Every proclitic starts with one of a handful of letters: most words skip the list.
      const list = (flags & TOKEN_ARABIC) !== 0 ? PROCLITIC_LIST[text[s]!]! : -1;
      if (list >= 0) {
        for (const p of PROCLITIC_LISTS[list]!) {
          if (e - s - p.length >= 3 && spells(text, s, p))
            this.lookup(text, t, s + p.length, e, false);
        }
      }
    }
    return this.idHead[t]! >= 0;
  }

  /**
   * Every occurrence of every set among the tokens of `text` (the folded text `tokens` was
   * scanned from), each (set, start, end) once, ordered by start token.
   */
  find(text: string, tokens: TokenStream): Occurrence[] {
    // Read the folded units from a typed array (see `TokenBuffer.loadUnits`).
    return this.findInUnits(tokens.units ?? this.unitLoader.loadUnits(text), tokens);
  }

  /**
   * `find` over the folded text given as its units (`units[0, text length)`), for a caller
   * that has them without the string (`TokenStream.units`).
   */
  findInUnits(units: Uint16Array, tokens: TokenStream): Occurrence[] {
    const nTok = tokens.count;
    if (this.idHead.length < nTok)
      this.idHead = new Int32Array(Math.max(nTok, this.idHead.length * 2)).fill(-1);
    this.idCount = 0;
    let any = false;
    const candidates = tokens.candidates;
    if (tokens.filter === this.filter && candidates !== undefined && tokens.candidateCount! >= 0) {
      // The scan listed the only tokens that can start an occurrence (see `TokenFilter`); a
      // phrase walk looks up the tokens after them as it reaches them.
      if (this.known.length < nTok) this.known = new Uint8Array(this.idHead.length);
      const n = tokens.candidateCount!;
      for (let q = 0; q < n; q++) {
        const t = candidates[q]!;
        this.known[t] = 1;
        if (this.lookupToken(units, tokens, t)) any = true;
      }
      const out: Occurrence[] = [];
      if (any) {
        this.lazyUnits = units;
        this.lazyTokens = tokens;
        try {
          for (let q = 0; q < n; q++) this.phrasesFrom(candidates[q]!, nTok, out);
        } finally {
          this.lazyTokens = null;
          for (let k = 0; k < this.touchedCount; k++) {
            const t = this.touched[k]!;
            this.idHead[t] = -1;
            this.known[t] = 0;
          }
          this.touchedCount = 0;
        }
      }
      for (let q = 0; q < n; q++) {
        this.idHead[candidates[q]!] = -1;
        this.known[candidates[q]!] = 0;
      }
      return out;
    }
    for (let t = 0; t < nTok; t++) if (this.lookupToken(units, tokens, t)) any = true;
    const out: Occurrence[] = [];
    if (any) for (let i = 0; i < nTok; i++) this.phrasesFrom(i, nTok, out);
    this.idHead.fill(-1, 0, nTok);
    return out;
  }

  /** Append the occurrences starting at token `i` (of `nTok`) to `out`. */
  private phrasesFrom(i: number, nTok: number, out: Occurrence[]): void {
    // As `walk(root, i, i, …)` (the root ends no term), with the root's children in an array.
    const rootChild = this.rootChildren();
    const from = out.length;
    for (let e = this.idHead[i]!; e >= 0; e = this.idNext[e]!) {
      const child = rootChild[this.idValue[e]!];
      if (child !== undefined) this.walk(child, i, i + 1, nTok, out, from);
    }
  }

  /** The root's children indexed by word id (rebuilt after `add`). */
  private rootChildren(): Array<TrieNode | undefined> {
    if (this.rootChildCache === null) {
      const byId: Array<TrieNode | undefined> = new Array<TrieNode | undefined>(this.wordCount);
      for (const [id, child] of this.root.children) byId[id] = child;
      this.rootChildCache = byId;
    }
    return this.rootChildCache;
  }

  /**
   * Depth-first walk of the phrase trie from token `start`, now at token `j`. `from` is where
   * this start's occurrences begin in `out`: only those can repeat (two readings of a token may
   * reach the same node).
   */
  private walk(
    node: TrieNode,
    start: number,
    j: number,
    nTok: number,
    out: Occurrence[],
    from: number,
  ): void {
    if (node.sets !== null) {
      for (const set of node.sets) {
        let seen = false;
        for (let k = from; k < out.length; k++) {
          const o = out[k]!;
          if (o.set === set && o.tokenEnd === j) {
            seen = true;
            break;
          }
        }
        if (!seen) out.push({ set, tokenStart: start, tokenEnd: j });
      }
    }
    if (j >= nTok) return;
    if (this.lazyTokens !== null && this.known[j] === 0) {
      this.known[j] = 1;
      if (this.touchedCount === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedCount++] = j;
      this.lookupToken(this.lazyUnits, this.lazyTokens, j);
    }
    for (let e = this.idHead[j]!; e >= 0; e = this.idNext[e]!) {
      const child = node.children.get(this.idValue[e]!);
      if (child !== undefined) this.walk(child, start, j + 1, nTok, out, from);
    }
  }
}
