/**
 * @module The certificates of a cohort desk (R26): who may read, print or revoke one — its
 * recipient, the trainers of a cohort that assessed its scenario, administrators — and the
 * register entry joined with its revocation, if any.
 */
import type { Principal } from '../../cases/access.js';
import { forbidden } from '../../core/errors.js';
import type { IssuedCertificate, Revocation } from '../certificates/certificate-ports.js';
import type { CertVerifyResult } from '../certificates/certificate-verify.js';
import type { CohortServiceDeps } from './cohort-model.js';

/** A register entry with its standing: `revocation` is null while it is valid. */
export interface CertificateView extends IssuedCertificate {
  readonly revocation: Revocation | null;
}

/** The certificate (latest first) a trainee earned for a scenario, if any. */
export async function certificateFor(
  deps: CohortServiceDeps,
  trainee: string,
  scenario: string,
): Promise<IssuedCertificate | null> {
  const achievement = deps.certificates.achievementFor(scenario).id;
  const issued = await deps.certificates.list({ recipientUser: trainee });
  return issued.find((c) => c.achievementId === achievement) ?? null;
}

export async function withStanding(
  deps: CohortServiceDeps,
  certificate: IssuedCertificate,
): Promise<CertificateView> {
  return { ...certificate, revocation: await deps.certificates.revocationOf(certificate) };
}

/**
 * Whether `actor` manages `certificate`: administrators all; a trainer those whose achievement
 * is the scenario of an assignment in one of their cohorts.
 */
async function manages(
  deps: CohortServiceDeps,
  actor: Principal,
  certificate: IssuedCertificate,
): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'trainer') return false;
  const cohorts = (await deps.repository.listCohorts()).filter((c) => c.createdBy === actor.name);
  const assignments = await deps.repository.listAssignments({});
  return assignments.some(
    (a) =>
      cohorts.some((c) => c.id === a.cohortId) &&
      certificate.achievementId === deps.certificates.achievementFor(a.scenario).id,
  );
}

/** A certificate for its recipient or a trainer who manages it; nobody else learns it exists. */
export async function readCertificate(
  deps: CohortServiceDeps,
  actor: Principal,
  id: string,
): Promise<CertificateView> {
  const found = await deps.certificates.find(id);
  const own = found.recipientUser !== null && found.recipientUser === actor.name;
  if (!own && !(await manages(deps, actor, found)))
    throw forbidden(`certificate ${id} was not issued to ${actor.name}`, {
      hint: 'a trainee sees their own certificates; a trainer those of their cohorts',
    });
  return withStanding(deps, found);
}

export async function revokeCertificate(
  deps: CohortServiceDeps,
  actor: Principal,
  id: string,
  reason: string,
): Promise<{ revocation: Revocation; statusListFile: string }> {
  const found = await deps.certificates.find(id);
  if (!(await manages(deps, actor, found)))
    throw forbidden(`${actor.name} did not assess certificate ${id}`);
  return deps.certificates.revoke({ actor: actor.name, certificate: found.id, reason });
}

/**
 * Verifies a credential offline against this centre's key and its published status lists
 * (R26), the same checks as `vigil cert verify --json`. It reads nothing but the credential.
 */
export function verifyCredential(
  deps: CohortServiceDeps,
  credential: Record<string, unknown>,
): Promise<CertVerifyResult> {
  return deps.certificates.verify(credential);
}
