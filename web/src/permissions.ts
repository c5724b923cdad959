/**
 * @module What the signed-in person may do, decided by the same pure rules the server enforces
 * (src/cases/access.ts), so the UI offers only what will succeed. The server still decides.
 */
import { decide } from '../../src/cases/access.js';
import type { Action } from '../../src/cases/access.js';
import type { Case, Membership, SignedIn } from './api.js';

export type { SignedIn };

/** May `me` take a global action? */
export const can = (me: SignedIn, action: Action): boolean =>
  decide({ name: me.name, role: me.role }, action).allowed;

/** May `me` take `action` on this case, given its members (if known)? */
export function canOnCase(
  me: SignedIn,
  action: Action,
  kase: Pick<Case, 'id' | 'workspace'>,
  members?: readonly Membership[],
): boolean {
  const own = members?.find((member) => member.userName === me.name);
  const membership = own ? own.membership : me.cases.includes(kase.id) ? 'member' : null;
  return decide({ name: me.name, role: me.role }, action, {
    workspace: kase.workspace,
    membership,
  }).allowed;
}
