/**
 * @module Ports for people and access: users, sessions, API tokens and case membership.
 */
import type { Role } from './access.js';

export interface UserRecord {
  readonly name: string;
  readonly role: Role;
  /** argon2id PHC string; null for an account that cannot sign in with a password. */
  readonly passwordHash: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabled: boolean;
}

export interface SessionRecord {
  /** SHA-256 of the session token: a stolen database does not yield live sessions. */
  readonly tokenHash: string;
  readonly userName: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface ApiTokenRecord {
  readonly tokenHash: string;
  readonly userName: string;
  readonly label: string;
  readonly createdAt: string;
}

export interface Membership {
  readonly caseId: string;
  readonly userName: string;
  readonly membership: 'lead' | 'member';
  readonly addedBy: string;
  readonly addedAt: string;
}

/** An investigator identity (sock-puppet account) the unit uses (R17; Berkeley Protocol, security). */
export interface Persona {
  readonly name: string;
  /** Platforms it has accounts on. */
  readonly platforms: readonly string[];
  /** Who may use it. */
  readonly users: readonly string[];
  readonly notes: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface AccessRepository {
  insertPersona(persona: Persona): Promise<void>;
  getPersona(name: string): Promise<Persona | undefined>;
  listPersonas(): Promise<Persona[]>;
  insertUser(user: UserRecord): Promise<void>;
  getUser(name: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  insertSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  insertToken(token: ApiTokenRecord): Promise<void>;
  getToken(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  upsertMember(member: Membership): Promise<void>;
  membership(caseId: string, userName: string): Promise<Membership | undefined>;
  members(caseId: string): Promise<Membership[]>;
  casesOf(userName: string): Promise<string[]>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
