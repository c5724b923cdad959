/**
 * @module The training centre's certificate desk (R26): issue an Open Badges 3.0 credential
 * signed with the centre key, keep the register, revoke (append-only, with a reason) and publish
 * the signed Bitstring Status List, and verify offline.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import type { Clock } from '../../core/clock.js';
import { VigilError, conflict, invalidInput, notFound } from '../../core/errors.js';
import { canonicalize } from '../../core/jcs.js';
import type { Scenario } from '../range/scenario-schema.js';
import type { CentreKey } from './centre-key.js';
import type { CertificateRepository, IssuedCertificate, Revocation } from './certificate-ports.js';
import { verifyCertificate } from './certificate-verify.js';
import type { CertVerifyResult } from './certificate-verify.js';
import { createDocumentLoader } from './document-loader.js';
import { openBadgeCredential, slug } from './open-badge.js';
import type { AchievementSpec } from './open-badge.js';
import {
  publishStatusList,
  readStatusList,
  signedStatusList,
  statusListUrl,
} from './status-list.js';
import { signingSuite } from './suites.js';

export interface CertificateServiceDeps {
  readonly repository: CertificateRepository;
  /** The centre key, created on first use. */
  readonly key: () => Promise<CentreKey>;
  /** Where the signed status lists are published (`$VIGIL_HOME/training/status/`). */
  readonly publishDir: string;
  readonly clock: Clock;
  /** Scenario packs by name (an achievement that is not one is a course). */
  readonly scenario: (name: string) => Scenario | undefined;
  /** The issuer's display name. */
  readonly centreName?: string;
}

export interface IssueRequest {
  readonly actor: string;
  readonly recipient: string;
  readonly recipientUser?: string | null;
  /** A scenario pack name, or a course title. */
  readonly achievement: string;
  /** Assessment result shown on the certificate (`score/max`). */
  readonly result?: string;
  /** ISO time; defaults to now. A future date is allowed (certificates dated to a ceremony). */
  readonly validFrom?: string;
  readonly validUntil?: string;
}

const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** SHA-256 (hex) of a credential's RFC 8785 canonical JSON: the compact reference's hash. */
export const credentialSha256 = (credential: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalize(credential)).digest('hex');

export class CertificateService {
  readonly #deps: CertificateServiceDeps;

  constructor(deps: CertificateServiceDeps) {
    this.#deps = deps;
  }

  /** What a scenario or course name certifies. */
  achievementFor(name: string): AchievementSpec {
    const trimmed = name.trim();
    if (trimmed === '')
      throw invalidInput('--achievement is empty; give a scenario name or a course title');
    const scenario = this.#deps.scenario(trimmed);
    if (scenario !== undefined) {
      return {
        id: `urn:vigil:achievement:scenario:${scenario.name}:v${scenario.version}`,
        name: scenario.title,
        description: scenario.briefing.trim().replace(/\s+/g, ' '),
        criteria: `Completed the Vigil training range scenario "${scenario.name}" (v${scenario.version}, ${scenario.difficulty}) and passed its rubric-based assessment of the evidence produced: targets preserved, packages verifying, complete provenance, a valid legal basis, correct categories and entities, and passive conduct.`,
        achievementType: 'Assessment',
      };
    }
    return {
      id: `urn:vigil:achievement:course:${slug(trimmed)}`,
      name: trimmed,
      description: `Completion of the course "${trimmed}" at a Vigil training centre.`,
      criteria: `Attended and completed the course "${trimmed}" as recorded by the training centre.`,
      achievementType: 'Course',
    };
  }

  /** Issues and registers a signed certificate; publishes the status list on first use. */
  async issue(
    request: IssueRequest,
  ): Promise<{ certificate: IssuedCertificate; credential: Record<string, unknown> }> {
    const recipient = request.recipient.trim();
    if (recipient === '')
      throw invalidInput(
        "--name is empty; give the recipient's name as it should read on the certificate",
      );
    for (const [flag, value] of [
      ['validFrom', request.validFrom],
      ['validUntil', request.validUntil],
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw invalidInput(`${flag} "${value}" is not an ISO 8601 date-time`);
    }
    const key = await this.#deps.key();
    const now = this.#deps.clock.now();
    const listUrl = statusListUrl(key);
    await this.#ensurePublished(key, listUrl);
    const index = await this.#deps.repository.allocateStatusIndex(listUrl);
    const achievement = this.achievementFor(request.achievement);
    const unsigned = openBadgeCredential({
      id: `urn:uuid:${randomUUID()}`,
      issuer: { id: key.did, name: this.#deps.centreName ?? 'Vigil training centre' },
      recipientName: recipient,
      achievement,
      validFrom:
        request.validFrom === undefined ? isoSeconds(now) : isoSeconds(new Date(request.validFrom)),
      ...(request.validUntil === undefined
        ? {}
        : { validUntil: isoSeconds(new Date(request.validUntil)) }),
      ...(request.result === undefined ? {} : { result: request.result }),
      status: { statusListCredential: listUrl, statusListIndex: index },
    });
    const credential = await vc.issue({
      credential: unsigned,
      suite: signingSuite(key.keyPair, now),
      documentLoader: createDocumentLoader(),
      // The library refuses to sign a credential whose validFrom is in the future; a centre may
      // date a certificate to the day it takes effect, so the signing check uses that day.
      now: new Date(Math.max(now.getTime(), Date.parse(String(unsigned.validFrom)))),
    });
    const certificate: IssuedCertificate = {
      id: `CRT-${index + 1}`,
      credentialId: String(credential.id),
      recipient,
      recipientUser: request.recipientUser ?? null,
      achievementId: achievement.id,
      achievementName: achievement.name,
      statusList: listUrl,
      statusIndex: index,
      issuedAt: now.toISOString(),
      issuedBy: request.actor,
      sha256: credentialSha256(credential),
      credential,
    };
    await this.#deps.repository.insertCertificate(certificate);
    return { certificate, credential };
  }

  /** The register entry of `idOrCredentialId`, or a not_found error. */
  async find(idOrCredentialId: string): Promise<IssuedCertificate> {
    const found = await this.#deps.repository.findCertificate(idOrCredentialId);
    if (found === null)
      throw notFound(`no certificate ${idOrCredentialId} in this centre's register`, {
        hint: 'list them with `vigil cert list`',
      });
    return found;
  }

  /** The revocation of a registered certificate, or null while it stands. */
  async revocationOf(certificate: IssuedCertificate): Promise<Revocation | null> {
    const all = await this.#deps.repository.listRevocations(certificate.statusList);
    return all.find((r) => r.certificateId === certificate.id) ?? null;
  }

  list(filter?: { recipientUser?: string }): Promise<IssuedCertificate[]> {
    return this.#deps.repository.listCertificates(filter);
  }

  /** Revokes (append-only, reason required), re-signs and republishes the status list. */
  async revoke(request: { actor: string; certificate: string; reason: string }): Promise<{
    revocation: Revocation;
    statusListFile: string;
  }> {
    if (request.reason.trim().length < 3)
      throw invalidInput('a revocation needs a reason (at least 3 characters)', {
        hint: 'say why, e.g. --reason "awarded in error: submission was another trainee\'s"',
      });
    const certificate = await this.find(request.certificate);
    const existing = await this.#deps.repository.listRevocations(certificate.statusList);
    if (existing.some((r) => r.certificateId === certificate.id))
      throw conflict(`certificate ${certificate.id} is already revoked`);
    const revocation: Revocation = {
      certificateId: certificate.id,
      credentialId: certificate.credentialId,
      statusList: certificate.statusList,
      statusIndex: certificate.statusIndex,
      reason: request.reason.trim(),
      revokedBy: request.actor,
      revokedAt: this.#deps.clock.now().toISOString(),
    };
    await this.#deps.repository.insertRevocation(revocation);
    const key = await this.#deps.key();
    const file = await this.#publish(key, certificate.statusList);
    return { revocation, statusListFile: file };
  }

  /** The status lists this centre has published (to copy beside certificates). */
  publishedStatusLists(): Record<string, unknown>[] {
    if (!fs.existsSync(this.#deps.publishDir)) return [];
    return fs
      .readdirSync(this.#deps.publishDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readStatusList(path.join(this.#deps.publishDir, f)));
  }

  /** Verifies offline against this centre's key and published lists, plus those given. */
  async verify(
    credential: Record<string, unknown>,
    options: {
      statusLists?: readonly Record<string, unknown>[];
      issuers?: readonly string[];
      now?: Date;
    } = {},
  ): Promise<CertVerifyResult> {
    const key = await this.#deps.key();
    return verifyCertificate(credential, {
      now: options.now ?? this.#deps.clock.now(),
      trustedIssuers: [key.did, ...(options.issuers ?? [])],
      statusLists: [...(options.statusLists ?? []), ...this.publishedStatusLists()],
    });
  }

  async #ensurePublished(key: CentreKey, listUrl: string): Promise<void> {
    if (this.publishedStatusLists().some((l) => l.id === listUrl)) return;
    await this.#publish(key, listUrl);
  }

  async #publish(key: CentreKey, listUrl: string): Promise<string> {
    const revoked = (await this.#deps.repository.listRevocations(listUrl)).map(
      (r) => r.statusIndex,
    );
    const list = await signedStatusList(key, listUrl, revoked, this.#deps.clock.now());
    try {
      return publishStatusList(this.#deps.publishDir, list);
    } catch (cause) {
      throw new VigilError(
        'unavailable',
        `the status list could not be written to ${this.#deps.publishDir}`,
        { cause },
      );
    }
  }
}
