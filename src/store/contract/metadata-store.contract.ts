/**
 * @module The contract every metadata-store adapter passes (SQLite now, PostgreSQL later): the
 * repositories' behaviour, atomic transactions, and the ledger's tamper evidence when someone
 * edits the tables directly.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { Ledger } from '../../custody/ledger.js';
import { keyFingerprint } from '../../custody/segment.js';
import type { MetadataStore, Signer } from '../../evidence/ports.js';
import { NEW_CASE_DEFAULTS } from '../../cases/types.js';
import type { Artifact, Item } from '../../evidence/types.js';

export interface ContractSubject {
  readonly store: MetadataStore;
  /** Runs SQL directly against the database, as an attacker with file access could. */
  readonly raw: (sql: string) => Promise<void>;
  /** Removes the append-only guards (triggers/rules) that stop casual edits. */
  readonly dropGuards: () => Promise<void>;
}

export function testSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: keyFingerprint(publicKeyPem),
    publicKeyPem,
    sign: (data) => sign(null, data, privateKey),
  };
}

export function describeMetadataStoreContract(
  name: string,
  open: () => Promise<ContractSubject>,
): void {
  describe(`${name}: metadata store contract`, () => {
    let subject: ContractSubject;
    let ledger: Ledger;
    const clock = new ManualClock('2026-11-22T10:00:00Z');

    beforeEach(async () => {
      subject = await open();
      ledger = new Ledger({ store: subject.store, signer: testSigner(), clock });
      return () => subject.store.close();
    });

    const seedCase = async () =>
      subject.store.transaction(async (tx) => {
        const id = await tx.cases.nextId();
        await tx.cases.insert({
          id,
          title: 'Op Heron',
          ...NEW_CASE_DEFAULTS,
          workspace: 'operational',
          createdAt: clock.now().toISOString(),
          createdBy: 'ana',
        });
        const basisId = await tx.cases.nextBasisId();
        await tx.cases.addBasis({
          id: basisId,
          caseId: id,
          authority: 'Court',
          reference: 'W-1',
          purpose: 'p',
          scope: null,
          validFrom: '2026-01-01T00:00:00.000Z',
          validUntil: '2027-01-01T00:00:00.000Z',
          approver: null,
          addedAt: clock.now().toISOString(),
          addedBy: 'ana',
          approvedBy: null,
          approvedAt: null,
        });
        return { id, basisId };
      });

    const item = (id: string, caseId: string, basisId: string): Item => ({
      id,
      caseId,
      kind: 'file',
      sha256: 'a'.repeat(64),
      md5: 'b'.repeat(32),
      size: 3,
      mediaType: 'text/plain',
      name: 'x.txt',
      sourceUrl: null,
      acquiredAt: null,
      collectedAt: clock.now().toISOString(),
      collectedBy: 'ana',
      reason: 'r',
      legalBasisId: basisId,
      metadata: { embedded: { 'EXIF:Model': 'X', n: 1.5 } },
      erasedAt: null,
    });

    it('allocates sequential ids and round-trips cases, bases, items and artifacts', async () => {
      const { id, basisId } = await seedCase();
      expect(id).toBe('C-1');
      expect(basisId).toBe('LB-1');
      const itemId = await subject.store.transaction((tx) => tx.items.nextId());
      const record = item(itemId, id, basisId);
      const artifact: Artifact = {
        itemId,
        role: 'original',
        sha256: record.sha256,
        md5: record.md5,
        size: 3,
        mediaType: 'text/plain',
        name: 'x.txt',
        derivedFrom: null,
      };
      await subject.store.transaction((tx) => tx.items.insert(record, [artifact]));
      expect(await subject.store.items.get(itemId)).toEqual(record);
      expect(await subject.store.items.artifacts(itemId)).toEqual([artifact]);
      expect(await subject.store.items.listByCase(id)).toEqual([record]);
      expect((await subject.store.cases.bases(id)).map((b) => b.reference)).toEqual(['W-1']);
      expect(await subject.store.cases.get('C-404')).toBeUndefined();
    });

    it('pages a case in collection order, as records and as their JSON text alike', async () => {
      const { id, basisId } = await seedCase();
      const other = await seedCase();
      const records: Item[] = [];
      for (let n = 0; n < 7; n += 1) {
        const itemId = await subject.store.transaction((tx) => tx.items.nextId());
        const base = item(itemId, n === 3 ? other.id : id, n === 3 ? other.basisId : basisId);
        // Text that JSON must escape, non-ASCII, nested metadata, nulls and set fields.
        const record: Item = {
          ...base,
          name: `post "${n}" \\ \n\t\u0001 نشر ${'😀'}`,
          sourceUrl: n % 2 === 0 ? `https://example.org/p/${n}?a=1&b="x"` : null,
          acquiredAt: n === 1 ? '2026-11-01T00:00:00.000Z' : null,
          size: 2 ** 40 + n,
          metadata: { n, nested: { list: [1, 2.5, null, 'ü'], flag: true }, empty: {} },
          erasedAt: n === 5 ? '2026-11-23T00:00:00.000Z' : null,
        };
        await subject.store.transaction((tx) => tx.items.insert(record, []));
        if (record.caseId === id) records.push(record);
      }
      const pages = async (after?: string): Promise<void> => {
        const objects = await subject.store.items.pageByCase(id, { after, limit: 4 });
        const texts = await subject.store.items.pageByCaseJson(id, { after, limit: 4 });
        expect(texts.map((t) => t.id)).toEqual(objects.map((o) => o.id));
        expect(texts.map((t) => JSON.parse(t.json) as unknown)).toEqual(objects);
        // The same keys in the same order as the record itself.
        for (const [i, t] of texts.entries())
          expect(Object.keys(JSON.parse(t.json) as object)).toEqual(Object.keys(objects[i] ?? {}));
      };
      await pages();
      await pages(records[3]?.id);
      const all = await subject.store.items.pageByCaseJson(id, { limit: 100 });
      expect(all.map((t) => JSON.parse(t.json) as unknown)).toEqual(records);
      expect(
        await subject.store.items.pageByCaseJson(id, { after: records.at(-1)?.id, limit: 9 }),
      ).toEqual([]);
      expect(await subject.store.items.pageByCaseJson('C-404', { limit: 9 })).toEqual([]);
    });

    it('rolls a failed transaction back entirely, ledger events included', async () => {
      const { id } = await seedCase();
      await ledger.append({ actor: 'ana', action: 'case_created', caseId: id });
      await expect(
        subject.store.transaction(async (tx) => {
          await ledger.appendIn(tx, { actor: 'ana', action: 'case_closed', caseId: id });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await subject.store.ledger.list()).map((e) => e.action)).toEqual(['case_created']);
      expect((await ledger.verify()).ok).toBe(true);
    });

    it('serialises concurrent appends into one unbroken chain', async () => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          ledger.append({ actor: `user-${i}`, action: 'consultation', reason: 'r' }),
        ),
      );
      const result = await ledger.verify();
      expect(result).toMatchObject({ ok: true, events: 50, firstBad: null });
    });

    describe('tamper evidence (R8)', () => {
      beforeEach(async () => {
        for (let i = 0; i < 10; i += 1) {
          clock.advance(1000);
          await ledger.append({
            actor: 'ana',
            action: 'consultation',
            caseId: 'C-1',
            reason: `look ${i + 1}`,
            data: { i },
          });
        }
        await subject.dropGuards();
      });

      it('verifies the untouched ledger', async () => {
        expect(await ledger.verify()).toMatchObject({
          ok: true,
          events: 10,
          firstBad: null,
          headSigned: true,
        });
      });

      it('refuses edits and deletions through the guards', async () => {
        const guarded = await open();
        const guardedLedger = new Ledger({ store: guarded.store, signer: testSigner(), clock });
        await guardedLedger.append({ actor: 'ana', action: 'consultation', reason: 'r' });
        await expect(guarded.raw(`UPDATE ledger_events SET actor = 'eve'`)).rejects.toThrow(
          /append-only/,
        );
        await expect(guarded.raw(`DELETE FROM ledger_events`)).rejects.toThrow(/append-only/);
        await guarded.store.close();
      });

      it('catches an edited event at its seq', async () => {
        await subject.raw(`UPDATE ledger_events SET reason = 'nothing to see' WHERE seq = 4`);
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 4 });
      });

      it('catches an edited data field at its seq', async () => {
        await subject.raw(`UPDATE ledger_events SET data = '{"i":99}' WHERE seq = 7`);
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 7 });
      });

      it('catches a deleted event at the missing seq', async () => {
        await subject.raw(`DELETE FROM ledger_events WHERE seq = 5`);
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 5 });
      });

      it('catches an inserted event at the insertion point', async () => {
        // Make room at seq 6 and insert a copy of event 5 there, as a forger would.
        await subject.raw(`UPDATE ledger_events SET seq = seq + 1000 WHERE seq >= 6`);
        await subject.raw(`UPDATE ledger_events SET seq = seq - 999 WHERE seq >= 1006`);
        await subject.raw(
          `INSERT INTO ledger_events SELECT 6, time, actor, action, case_id, item_id, 'forged', data, prev, hash FROM ledger_events WHERE seq = 5`,
        );
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 6 });
      });

      it('catches reordered events at the first moved seq', async () => {
        await subject.raw(`UPDATE ledger_events SET seq = 100 WHERE seq = 3`);
        await subject.raw(`UPDATE ledger_events SET seq = 3 WHERE seq = 4`);
        await subject.raw(`UPDATE ledger_events SET seq = 4 WHERE seq = 100`);
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 3 });
      });

      it('catches truncation at the first missing seq, thanks to the signed head', async () => {
        await subject.raw(`DELETE FROM ledger_events WHERE seq > 8`);
        const result = await ledger.verify();
        expect(result).toMatchObject({ ok: false, firstBad: 9 });
        expect(result.reason).toMatch(/truncated/);
      });

      it('catches a rewritten tail whose head was not re-signed', async () => {
        await subject.raw(`UPDATE ledger_head SET signature = 'AAAA'`);
        expect(await ledger.verify()).toMatchObject({ ok: false, firstBad: 11 });
      });
    });
  });
}
