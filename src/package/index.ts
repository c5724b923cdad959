/**
 * @module The evidence package: WACZ writing and offline verification, the Ed25519 seal, the
 * RFC 3161 client and Vigil's own TSA. Import from here.
 */
export { writePackage, PACKAGE_PATHS, WACZ_VERSION } from './package-writer.js';
export type {
  PackagePage,
  PackageExtraFile,
  VigilPackageMetadata,
  WritePackageOptions,
  WritePackageResult,
} from './package-writer.js';
export { verifyPackage, CHECK_NAMES, CHECK_STATUSES } from './package-verify.js';
export type {
  VerifyCheck,
  VerifyOptions,
  VerifyResult,
  TimestampReport,
} from './package-verify.js';
export type { PackageSigner, DigestFile, VigilSeal } from './seal.js';
export { requestTimestamp, requireTimestamp } from './tsa-client.js';
export type { ObtainedTimestamp, TimestampResults } from './tsa-client.js';
export {
  tsaInit,
  startTsaServer,
  loadTsa,
  DEFAULT_TSA_POLICY,
  TSA_FILES,
} from './tsa-authority.js';
export type { TsaInitResult, TsaServer, TsaServerOptions } from './tsa-authority.js';
