/**
 * @module Tags and notes on items, and the special categories of personal data (LED Art. 10, R11):
 * tagging an item with one needs a justification, is logged, and restricts the item to case leads.
 */
import type { Clock } from '../core/clock.js';
import { invalidInput, notFound } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';

/** LED Art. 10: data revealing these is processed only where strictly necessary. */
export const SPECIAL_CATEGORIES = [
  'racial-or-ethnic-origin',
  'political-opinions',
  'religious-belief',
  'philosophical-beliefs',
  'trade-union-membership',
  'genetic-data',
  'biometric-data',
  'health',
  'sex-life',
  'sexual-orientation',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export const isSpecialCategory = (tag: string): tag is SpecialCategory =>
  (SPECIAL_CATEGORIES as readonly string[]).includes(tag);

export interface Tag {
  readonly itemId: string;
  readonly tag: string;
  readonly special: boolean;
  readonly justification: string | null;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface Note {
  readonly id: number;
  readonly itemId: string;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

export interface AnnotationRepository {
  addTag(tag: Tag): Promise<void>;
  tags(itemId: string): Promise<Tag[]>;
  addNote(note: Omit<Note, 'id'>): Promise<Note>;
  notes(itemId: string): Promise<Note[]>;
  /** Items of a case that carry a special-category tag. */
  restrictedItems(caseId: string): Promise<Set<string>>;
}

const TAG = /^[a-z0-9][a-z0-9:_-]{0,63}$/;

export interface AnnotationDeps {
  readonly repository: AnnotationRepository;
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  /** Called after a change, so search can re-index the item. */
  readonly onChange?: (itemId: string) => Promise<void>;
}

export class AnnotationService {
  readonly #deps: AnnotationDeps;

  constructor(deps: AnnotationDeps) {
    this.#deps = deps;
  }

  /** Tags an item. A special category (R11) needs a justification and restricts the item to case leads. */
  async addTag(actor: string, itemId: string, tag: string, justification?: string): Promise<Tag> {
    const item = await this.#item(itemId);
    const value = tag.trim().toLowerCase();
    if (!TAG.test(value)) {
      throw invalidInput(`"${tag}" is not a tag`, {
        hint: 'use lowercase letters, digits, ":", "_" or "-", up to 64 characters',
      });
    }
    const special = isSpecialCategory(value);
    const why = justification?.trim() || null;
    if (special && !why) {
      throw invalidInput(
        `"${value}" is a special category of personal data (LED Art. 10); a justification is required`,
        {
          hint: 'say why processing it is strictly necessary, e.g. --justification "the post claims religious authority for the attack call"',
        },
      );
    }
    const existing = (await this.#deps.repository.tags(itemId)).find((t) => t.tag === value);
    if (existing) return existing;
    const record: Tag = {
      itemId,
      tag: value,
      special,
      justification: why,
      addedBy: actor,
      addedAt: this.#deps.clock.now().toISOString(),
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.addTag(record);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId,
        reason: special ? `special category ${value}: ${why ?? ''}` : `tag ${value}`,
        data: { tag: value, special, justification: why, restrictedToLeads: special },
      });
    });
    await this.#deps.onChange?.(itemId);
    return record;
  }

  async addNote(actor: string, itemId: string, text: string): Promise<Note> {
    const item = await this.#item(itemId);
    const body = text.trim();
    if (!body)
      throw invalidInput('the note is empty', { hint: 'write what you observed or concluded' });
    if (body.length > 20_000)
      throw invalidInput(`the note is ${body.length} characters long; the limit is 20,000`);
    let note: Note | undefined;
    await this.#deps.store.transaction(async (tx) => {
      note = await this.#deps.repository.addNote({
        itemId,
        text: body,
        author: actor,
        createdAt: this.#deps.clock.now().toISOString(),
      });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId,
        reason: 'note added',
        data: { noteId: note.id, length: body.length },
      });
    });
    await this.#deps.onChange?.(itemId);
    if (!note) throw new Error('the note was not stored');
    return note;
  }

  async annotations(itemId: string): Promise<{ tags: Tag[]; notes: Note[] }> {
    await this.#item(itemId);
    return {
      tags: await this.#deps.repository.tags(itemId),
      notes: await this.#deps.repository.notes(itemId),
    };
  }

  /** Whether the item carries a special category and so is visible to case leads only (R11). */
  async isRestricted(itemId: string): Promise<boolean> {
    return (await this.#deps.repository.tags(itemId)).some((tag) => tag.special);
  }

  restrictedItems(caseId: string): Promise<Set<string>> {
    return this.#deps.repository.restrictedItems(caseId);
  }

  async #item(itemId: string) {
    const item = await this.#deps.store.items.get(itemId);
    if (!item) throw notFound(`item ${itemId} does not exist`);
    return item;
  }
}
