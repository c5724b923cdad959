/**
 * @module Badges for a case's state (R2: `planning` until plan, risk assessment and an approved
 * basis exist), workspace and approval policy.
 */
import type { ReactElement } from 'react';
import type { Case, LegalBasis } from '../api.js';

export function StateBadge(props: { kase: Case }): ReactElement {
  const { state, workspace } = props.kase;
  return (
    <>
      <span className={`badge state-${state}`} data-testid="case-state">
        {state}
      </span>
      {workspace === 'training' ? <span className="badge training">training</span> : null}
    </>
  );
}

export function BasisBadge(props: { basis: LegalBasis }): ReactElement {
  return props.basis.approvedBy === null ? (
    <span className="badge pending">awaiting approval</span>
  ) : (
    <span className="badge approved">approved</span>
  );
}
