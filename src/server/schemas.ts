/**
 * @module JSON schemas (TypeBox) of what the HTTP API accepts and returns; they validate requests,
 * shape responses, and generate the OpenAPI document.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { ROLES } from '../cases/access.js';
import { LEDGER_ACTIONS } from '../custody/event.js';
import { ARTIFACT_ROLES, ITEM_KINDS } from '../evidence/types.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((value) => Type.Literal(value)));

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    hint: Type.Optional(Type.String()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'Error' },
);

export const User = Type.Object(
  {
    name: Type.String(),
    role: literals(ROLES),
    createdAt: Type.String(),
    createdBy: Type.String(),
    disabled: Type.Boolean(),
  },
  { $id: 'User' },
);

export const LegalBasis = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    authority: Type.String(),
    reference: Type.String(),
    purpose: Type.String(),
    scope: Nullable(Type.String()),
    validFrom: Type.String(),
    validUntil: Type.String(),
    approver: Nullable(Type.String()),
    addedAt: Type.String(),
    addedBy: Type.String(),
    approvedBy: Nullable(Type.String()),
    approvedAt: Nullable(Type.String()),
  },
  { $id: 'LegalBasis' },
);

export const LegalBasisInput = Type.Object(
  {
    authority: Type.String({ minLength: 1 }),
    reference: Type.String({ minLength: 1 }),
    purpose: Type.String({ minLength: 1 }),
    validFrom: Type.String({ minLength: 1, description: 'ISO 8601 date or zoned date-time' }),
    validUntil: Type.String({
      minLength: 1,
      description: 'ISO 8601 date or zoned date-time (exclusive)',
    }),
    scope: Type.Optional(Type.String()),
    approver: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const Case = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    status: literals(['open', 'closed'] as const),
    workspace: literals(['operational', 'training'] as const),
    createdAt: Type.String(),
    createdBy: Type.String(),
    closedAt: Nullable(Type.String()),
    closedBy: Nullable(Type.String()),
    closedReason: Nullable(Type.String()),
    policy: literals(['immediate', 'approval'] as const),
    state: literals(['planning', 'open', 'closed'] as const),
    plan: Nullable(Type.String()),
    riskAssessment: Nullable(Type.String()),
    reviewAt: Nullable(Type.String()),
    expiresAt: Nullable(Type.String()),
    legalHold: Type.Boolean(),
    legalBases: Type.Array(Type.Ref(LegalBasis)),
    activeBasisId: Nullable(Type.String()),
  },
  { $id: 'Case' },
);

export const Membership = Type.Object(
  {
    caseId: Type.String(),
    userName: Type.String(),
    membership: literals(['lead', 'member'] as const),
    addedBy: Type.String(),
    addedAt: Type.String(),
  },
  { $id: 'Membership' },
);

export const Artifact = Type.Object(
  {
    itemId: Type.String(),
    role: literals(ARTIFACT_ROLES),
    sha256: Type.String(),
    md5: Type.String(),
    size: Type.Integer(),
    mediaType: Type.String(),
    name: Type.String(),
    derivedFrom: Nullable(Type.String()),
  },
  { $id: 'Artifact' },
);

const itemFields = {
  id: Type.String(),
  caseId: Type.String(),
  kind: literals(ITEM_KINDS),
  sha256: Type.String(),
  md5: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
  name: Type.String(),
  sourceUrl: Nullable(Type.String()),
  acquiredAt: Nullable(Type.String()),
  collectedAt: Type.String(),
  collectedBy: Type.String(),
  reason: Type.String(),
  legalBasisId: Type.String(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  erasedAt: Nullable(Type.String()),
};

export const Item = Type.Object(itemFields, { $id: 'Item' });
export const ItemWithArtifacts = Type.Object(
  { ...itemFields, artifacts: Type.Array(Type.Ref(Artifact)) },
  { $id: 'ItemWithArtifacts' },
);

export const LedgerEvent = Type.Object(
  {
    seq: Type.Integer(),
    time: Type.String(),
    actor: Type.String(),
    action: literals(LEDGER_ACTIONS),
    caseId: Nullable(Type.String()),
    itemId: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    data: Type.Record(Type.String(), Type.Unknown()),
    prev: Type.String(),
    hash: Type.String(),
  },
  { $id: 'LedgerEvent' },
);

export const ChainVerification = Type.Object(
  {
    ok: Type.Boolean(),
    events: Type.Integer(),
    firstBad: Nullable(Type.Integer()),
    reason: Nullable(Type.String()),
    head: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String() })),
    headSigned: Type.Boolean(),
  },
  { $id: 'ChainVerification' },
);

export const StoreVerification = Type.Object(
  {
    ok: Type.Boolean(),
    blobs: Type.Integer(),
    items: Type.Integer(),
    bad: Type.Array(
      Type.Object({
        sha256: Type.String(),
        items: Type.Array(Type.String()),
        problem: literals(['missing', 'altered'] as const),
      }),
    ),
  },
  { $id: 'StoreVerification' },
);

/** Every named schema, registered once so responses can `$ref` them. */
export const SHARED_SCHEMAS = [
  ErrorBody,
  User,
  LegalBasis,
  Case,
  Membership,
  Artifact,
  Item,
  ItemWithArtifacts,
  LedgerEvent,
  ChainVerification,
  StoreVerification,
];

export const CaseParams = Type.Object({ id: Type.String({ pattern: '^C-[0-9]+$' }) });
export const ItemParams = Type.Object({ id: Type.String({ pattern: '^I-[0-9]+$' }) });

/** Standard error responses, so every route documents them. */
export const errors = {
  400: Type.Ref(ErrorBody),
  401: Type.Ref(ErrorBody),
  403: Type.Ref(ErrorBody),
  404: Type.Ref(ErrorBody),
} as const;

export type CaseParamsT = Static<typeof CaseParams>;
export type ItemParamsT = Static<typeof ItemParams>;
