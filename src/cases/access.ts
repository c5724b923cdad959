/**
 * @module Who may do what (R13, R15; LED Art. 29): roles, the actions routes are guarded by, and
 * the pure decision that combines a person's role with their membership of a case.
 */

export const ROLES = [
  'admin',
  'supervisor',
  'investigator',
  'analyst',
  'auditor',
  'trainer',
  'trainee',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);

/** Where a case lives: trainees work only in training workspaces, never in operational ones. */
export const WORKSPACES = ['operational', 'training'] as const;
export type Workspace = (typeof WORKSPACES)[number];

/**
 * Every guarded action. Actions on a case (`case.*`, `item.*`, `ledger.case`) are decided with
 * the person's membership of that case; the others by role alone.
 */
export const ACTIONS = [
  'case.create',
  'case.list',
  'case.read',
  'case.manage',
  'case.approve',
  'item.collect',
  'item.read',
  'item.annotate',
  'ledger.case',
  'case.export',
  'ledger.read',
  'ledger.verify',
  'store.verify',
  'user.manage',
  'user.list',
  'ropa.read',
  'retention.run',
  'persona.list',
  'persona.manage',
  'job.read',
  'hashlist.read',
  'hashlist.manage',
  'scenario.read',
  'training.manage',
  'training.participate',
  'certificate.read',
  'certificate.verify',
  'package.verify',
  'exposure.self',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Principal {
  readonly name: string;
  readonly role: Role;
}

export interface CaseAccessContext {
  readonly workspace: Workspace;
  /** The person's membership of the case, if any. */
  readonly membership: 'lead' | 'member' | null;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const allow: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

/** Roles that may take an action that does not concern one case. */
const GLOBAL: Record<Exclude<Action, CaseAction>, readonly Role[]> = {
  'case.create': ['supervisor', 'investigator', 'trainer', 'trainee'],
  'case.list': ROLES,
  'ledger.read': ['admin', 'supervisor', 'auditor'],
  'ledger.verify': ['admin', 'supervisor', 'auditor'],
  'store.verify': ['admin', 'auditor'],
  'user.manage': ['admin'],
  'user.list': ['admin', 'supervisor', 'trainer'],
  // The data-protection officer works with the auditor role.
  'ropa.read': ['admin', 'supervisor', 'auditor'],
  'retention.run': ['admin', 'supervisor'],
  'persona.list': ['admin', 'supervisor', 'investigator', 'analyst', 'auditor', 'trainer'],
  'persona.manage': ['admin', 'supervisor'],
  // Everyone may follow jobs; the route lets each person see their own (supervisors and admins all).
  'job.read': ROLES,
  'hashlist.read': ['admin', 'supervisor', 'investigator', 'analyst'],
  'hashlist.manage': ['admin', 'supervisor', 'analyst'],
  // Briefings only: answer keys never leave the trainer's machine through the API.
  'scenario.read': ['admin', 'supervisor', 'trainer', 'trainee', 'investigator', 'analyst'],
  // Cohorts, assignments, dashboards, overrides, revocations (issue 9); the service narrows a
  // trainer to the cohorts they created.
  'training.manage': ['admin', 'trainer'],
  // Attempts and one's own results; the service narrows a trainee to their own.
  'training.participate': ['trainer', 'trainee'],
  // A certificate's register entry and PDF: the service narrows a trainee to their own and a
  // trainer to those of their cohorts' scenarios.
  'certificate.read': ['admin', 'trainer', 'trainee'],
  // Checks a credential offline against the centre's key and status lists: it reads no case
  // content and names nothing beyond what the credential holder already has.
  'certificate.verify': ROLES,
  // Checks an uploaded package offline: it reads no case content, so no membership is needed.
  // Trainees verify in their own training tooling, never on the unit's server.
  'package.verify': ['admin', 'supervisor', 'investigator', 'analyst', 'auditor', 'trainer'],
  // One's own exposure to graphic media (R18): everyone may read and report their own.
  'exposure.self': ROLES,
};

type CaseAction =
  | 'case.read'
  | 'case.manage'
  | 'case.approve'
  | 'item.collect'
  | 'item.read'
  | 'item.annotate'
  | 'ledger.case'
  | 'case.export';

const CASE_ACTIONS: readonly string[] = [
  'case.read',
  'case.manage',
  'case.approve',
  'item.collect',
  'item.read',
  'item.annotate',
  'ledger.case',
  'case.export',
];
export const isCaseAction = (action: Action): action is CaseAction => CASE_ACTIONS.includes(action);

/** Roles that may collect into, and read the content of, a case they are a member of. */
const CONTENT_ROLES: readonly Role[] = [
  'supervisor',
  'investigator',
  'analyst',
  'trainer',
  'trainee',
];
const COLLECTING_ROLES: readonly Role[] = ['supervisor', 'investigator', 'trainer', 'trainee'];

/**
 * Decides an action. Pure, so the role × route matrix test can enumerate it.
 *
 * @example
 * decide({ name: 'ana', role: 'analyst' }, 'item.read', { workspace: 'operational', membership: 'member' })
 */
export function decide(
  principal: Principal,
  action: Action,
  kase?: CaseAccessContext,
): AccessDecision {
  const { role } = principal;
  if (!isCaseAction(action)) {
    return GLOBAL[action].includes(role) ? allow : deny(`the ${role} role may not ${action}`);
  }
  if (!kase) return deny(`${action} needs a case`);
  // Trainees live only in training workspaces and can never see an operational case.
  if (role === 'trainee' && kase.workspace !== 'training')
    return deny('trainees cannot access operational cases');
  const member = kase.membership !== null;
  const lead = kase.membership === 'lead';
  switch (action) {
    case 'case.read':
      // Supervisors oversee every case of the unit (they approve bases); auditors see case
      // records so they can audit them, but not content (item.read).
      if (role === 'supervisor' || role === 'auditor' || member) return allow;
      return deny('only members of the case, supervisors and auditors see it');
    case 'case.approve':
      return role === 'supervisor' ? allow : deny('only a supervisor approves a legal basis');
    case 'case.manage':
      return role === 'supervisor' || (lead && COLLECTING_ROLES.includes(role))
        ? allow
        : deny('only the case lead or a supervisor manages a case');
    case 'item.collect':
      return member && COLLECTING_ROLES.includes(role)
        ? allow
        : deny('only collecting members of the case may collect into it');
    case 'item.read':
      // Privacy by default (R13): new items are visible to case members only.
      return member && CONTENT_ROLES.includes(role)
        ? allow
        : deny('evidence content is visible to case members only');
    case 'item.annotate':
      // Grading, verification records, findings, confirmed indicators and redacted working copies
      // (R10, R19, R5): analysis work on content, so for the members who may read it.
      return member && CONTENT_ROLES.includes(role)
        ? allow
        : deny('only members of the case who may read its content may grade, verify or redact it');
    case 'case.export':
      // A report or export discloses content (R7): only members who may read it may share it.
      return member && CONTENT_ROLES.includes(role)
        ? allow
        : deny('only members of the case who may read its content may export or report it');
    case 'ledger.case':
      return member || role === 'auditor' || role === 'supervisor' || role === 'admin'
        ? allow
        : deny(
            'the case ledger is visible to its members, supervisors, auditors and administrators',
          );
  }
}
