/** @module The capture capability's public surface: capture a URL, compare captures, profiles, policy. */
export { captureUrl, CAPTURE_FILES } from './capture-url.js';
export {
  compareCaptures,
  diffLines,
  type CaptureComparison,
  type ComparableCapture,
} from './compare-captures.js';
export {
  findChromium,
  DEFAULT_CHROMIUM_CANDIDATES,
  CHROMIUM_BASE_ARGS,
  CAPTURE_EXTRA_ARGS,
} from './chromium.js';
export {
  checkUrl,
  classifyAddress,
  parseAllowHosts,
  REFUSAL_REASONS,
  type PolicyRefusal,
  type RefusalReason,
  type HostResolver,
} from './network-policy.js';
export {
  loadBundledProfiles,
  loadSiteProfile,
  loadSiteProfiles,
  parseSiteProfile,
  selectProfile,
  BUNDLED_PROFILES_DIR,
  STRUCTURED_FIELDS,
  COUNT_FIELDS,
  type SiteProfile,
  type StructuredCapture,
} from './site-profile.js';
export * from './capture-types.js';
