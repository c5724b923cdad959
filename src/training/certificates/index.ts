/**
 * @module Certificates (R26): Open Badges 3.0 credentials signed eddsa-rdfc-2022 by the training
 * centre key, revocable through a Bitstring Status List, verifiable offline, printable.
 */
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import { loadScenarios } from '../range/scenarios.js';
import { ensureCentreKey } from './centre-key.js';
import type { CertificateRepository } from './certificate-ports.js';
import { CertificateService } from './certificate-service.js';

export { CertificateService, credentialSha256 } from './certificate-service.js';
export type { IssueRequest } from './certificate-service.js';
export { verifyCertificate, CERT_CHECKS } from './certificate-verify.js';
export type { CertVerifyResult, CertCheck } from './certificate-verify.js';
export { renderCertificatePdf, certificateHtml, qrPayload } from './certificate-pdf.js';
export { ensureCentreKey, loadCentreKey, CENTRE_KEY_FILE } from './centre-key.js';
export type { CentreKey } from './centre-key.js';
export type { IssuedCertificate, Revocation, CertificateRepository } from './certificate-ports.js';
export { readStatusList } from './status-list.js';

/**
 * The certificate desk of a Vigil home: the key in `<home>/keys/`, status lists published in
 * `<home>/training/status/`, scenario packs from the package's `scenarios/`.
 */
export function certificateServiceFor(options: {
  home: string;
  repository: CertificateRepository;
  clock: Clock;
  scenarioDir?: string;
}): CertificateService {
  let scenarios: ReturnType<typeof loadScenarios> | undefined;
  return new CertificateService({
    repository: options.repository,
    key: async () => (await ensureCentreKey(path.join(options.home, 'keys'))).key,
    publishDir: path.join(options.home, 'training', 'status'),
    clock: options.clock,
    scenario: (name) => {
      scenarios ??= loadScenarios(options.scenarioDir);
      return scenarios.find((s) => s.name === name);
    },
  });
}
