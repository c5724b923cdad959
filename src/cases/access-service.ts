/**
 * @module People and access: accounts with argon2id passwords, sessions, API tokens, case
 * membership, and the decision whether a person may take an action (R13, R15).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import {
  conflict,
  forbidden,
  invalidInput,
  notFound,
  refused,
  unauthenticated,
} from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';
import { decide, isRole } from './access.js';
import type { Action, Principal, Role, Workspace } from './access.js';
import type {
  AccessRepository,
  Membership,
  PasswordHasher,
  Persona,
  UserRecord,
} from './access-ports.js';

const NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const MIN_PASSWORD_LENGTH = 12;
const SESSION_HOURS = 8;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const token = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export interface AccessServiceDeps {
  readonly repository: AccessRepository;
  readonly hasher: PasswordHasher;
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
}

export interface PublicUser {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabled: boolean;
}

export interface Session {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: PublicUser;
}

const publicUser = ({ passwordHash: _hidden, ...user }: UserRecord): PublicUser => user;

export class AccessService {
  readonly #deps: AccessServiceDeps;

  constructor(deps: AccessServiceDeps) {
    this.#deps = deps;
  }

  /** Creates an account. The password is hashed with argon2id and never stored or logged. */
  async addUser(actor: string, name: string, role: string, password: string): Promise<PublicUser> {
    if (!NAME.test(name)) {
      throw invalidInput(`"${name}" is not a valid user name`, {
        hint: 'use 2–64 lowercase letters, digits, dots, dashes or underscores, e.g. ana.reyes',
      });
    }
    if (!isRole(role)) {
      throw invalidInput(`"${role}" is not a role`, {
        hint: 'one of admin, supervisor, investigator, analyst, auditor, trainer, trainee',
      });
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw invalidInput(`the password is too short (${password.length} characters)`, {
        hint: `use at least ${MIN_PASSWORD_LENGTH} characters; a passphrase of several words is best`,
      });
    }
    if (await this.#deps.repository.getUser(name)) throw conflict(`user ${name} already exists`);
    const record: UserRecord = {
      name,
      role,
      passwordHash: await this.#deps.hasher.hash(password),
      createdAt: this.#deps.clock.now().toISOString(),
      createdBy: actor,
      disabled: false,
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.insertUser(record);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'user_created',
        reason: `account for ${name}`,
        data: { name, role },
      });
    });
    return publicUser(record);
  }

  /**
   * First run of a server: with no account at all, creates `admin` with a one-time password that
   * the caller prints once. Returns null when accounts exist.
   */
  async bootstrapAdmin(): Promise<{ name: string; password: string } | null> {
    if ((await this.#deps.repository.countUsers()) > 0) return null;
    const password = randomBytes(18).toString('base64url');
    await this.addUser('system', 'admin', 'admin', password);
    return { name: 'admin', password };
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.#deps.repository.listUsers()).map(publicUser);
  }

  /** Checks a password and opens a session. The same message for unknown users and bad passwords. */
  async signIn(name: string, password: string): Promise<Session> {
    const user = await this.#deps.repository.getUser(name);
    const ok = user?.passwordHash
      ? await this.#deps.hasher.verify(user.passwordHash, password)
      : false;
    if (!user || !ok || user.disabled) {
      throw unauthenticated('the user name or password is wrong, or the account is disabled', {
        hint: 'check both and try again; an administrator can reset the account',
      });
    }
    const now = this.#deps.clock.now();
    const value = token('vgs');
    const session = {
      tokenHash: sha256(value),
      userName: user.name,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    };
    await this.#deps.repository.insertSession(session);
    return {
      token: value,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
      user: publicUser(user),
    };
  }

  async signOut(sessionToken: string): Promise<void> {
    await this.#deps.repository.deleteSession(sha256(sessionToken));
  }

  /** The person behind a session token, with the session's CSRF token; null when invalid or expired. */
  async resolveSession(
    sessionToken: string,
  ): Promise<{ principal: Principal; csrfToken: string } | null> {
    const session = await this.#deps.repository.getSession(sha256(sessionToken));
    if (!session || Date.parse(session.expiresAt) <= this.#deps.clock.now().getTime()) return null;
    const user = await this.#deps.repository.getUser(session.userName);
    if (!user || user.disabled) return null;
    return { principal: { name: user.name, role: user.role }, csrfToken: session.csrfToken };
  }

  /** Issues an API token for automation; only its hash is kept. */
  async createApiToken(userName: string, label: string): Promise<{ token: string; label: string }> {
    if (!(await this.#deps.repository.getUser(userName)))
      throw notFound(`user ${userName} does not exist`);
    const value = token('vgt');
    await this.#deps.repository.insertToken({
      tokenHash: sha256(value),
      userName,
      label,
      createdAt: this.#deps.clock.now().toISOString(),
    });
    return { token: value, label };
  }

  async resolveToken(apiToken: string): Promise<Principal | null> {
    const record = await this.#deps.repository.getToken(sha256(apiToken));
    if (!record) return null;
    const user = await this.#deps.repository.getUser(record.userName);
    return user && !user.disabled ? { name: user.name, role: user.role } : null;
  }

  /** Adds or changes a person's membership of a case (a ledger event). */
  async setMember(
    actor: string,
    caseId: string,
    userName: string,
    membership: 'lead' | 'member',
  ): Promise<Membership> {
    const user = await this.#deps.repository.getUser(userName);
    if (!user)
      throw notFound(`user ${userName} does not exist`, {
        hint: 'create it with `vigil user add`',
      });
    const kase = await this.#deps.store.cases.get(caseId);
    if (!kase) throw notFound(`case ${caseId} does not exist`);
    if (user.role === 'trainee' && kase.workspace !== 'training') {
      throw forbidden(`${userName} is a trainee and cannot join operational case ${caseId}`);
    }
    const record: Membership = {
      caseId,
      userName,
      membership,
      addedBy: actor,
      addedAt: this.#deps.clock.now().toISOString(),
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.upsertMember(record);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'membership_changed',
        caseId,
        reason: `${userName} is now ${membership}`,
        data: { userName, membership },
      });
    });
    return record;
  }

  members(caseId: string): Promise<Membership[]> {
    return this.#deps.repository.members(caseId);
  }

  casesOf(userName: string): Promise<string[]> {
    return this.#deps.repository.casesOf(userName);
  }

  /** Decides an action, looking up the case's workspace and the person's membership. */
  async check(principal: Principal, action: Action, caseId?: string): Promise<void> {
    let context: { workspace: Workspace; membership: 'lead' | 'member' | null } | undefined;
    if (caseId !== undefined) {
      const kase = await this.#deps.store.cases.get(caseId);
      if (!kase) throw notFound(`case ${caseId} does not exist`);
      const member = await this.#deps.repository.membership(caseId, principal.name);
      context = { workspace: kase.workspace, membership: member?.membership ?? null };
    }
    const decision = decide(principal, action, context);
    if (!decision.allowed)
      throw forbidden(`${principal.name} (${principal.role}) may not do this: ${decision.reason}`);
  }

  /** Registers a persona, who may use it and on which platforms (R17). */
  async addPersona(
    actor: string,
    input: {
      name: string;
      platforms: readonly string[];
      users: readonly string[];
      notes?: string | undefined;
    },
  ): Promise<Persona> {
    const name = input.name.trim();
    if (!/^[\p{L}\p{N}._@-]{2,64}$/u.test(name)) {
      throw invalidInput(`"${input.name}" is not a valid persona name`, {
        hint: 'use 2–64 letters, digits, dots, dashes, underscores or @',
      });
    }
    if (input.users.length === 0)
      throw invalidInput('a persona needs at least one user allowed to use it', {
        hint: '--user NAME (repeatable)',
      });
    for (const user of input.users) {
      if (!(await this.#deps.repository.getUser(user)) && !NAME.test(user))
        throw invalidInput(`"${user}" is not a user name`);
    }
    if (await this.#deps.repository.getPersona(name))
      throw conflict(`persona ${name} is already registered`);
    const persona: Persona = {
      name,
      platforms: [...new Set(input.platforms.map((p) => p.trim()).filter(Boolean))],
      users: [...new Set(input.users)],
      notes: input.notes?.trim() || null,
      createdAt: this.#deps.clock.now().toISOString(),
      createdBy: actor,
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.insertPersona(persona);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'persona_registered',
        reason: `persona ${name}`,
        data: { ...persona },
      });
    });
    return persona;
  }

  listPersonas(): Promise<Persona[]> {
    return this.#deps.repository.listPersonas();
  }

  /**
   * Checks that `actor` may use `persona` (R17): it must be registered and list them. Refusals are
   * logged by the caller with the collection attempt.
   */
  async authorisePersona(actor: string, persona: string): Promise<Persona> {
    const found = await this.#deps.repository.getPersona(persona);
    if (!found) {
      throw refused(`persona ${persona} is not in the persona registry`, {
        hint: `register it first: vigil persona add ${persona} --platform … --user ${actor}`,
      });
    }
    if (!found.users.includes(actor)) {
      throw refused(
        `${actor} is not allowed to use persona ${persona} (allowed: ${found.users.join(', ')})`,
        { hint: 'ask a supervisor to add you to the persona, or use your own' },
      );
    }
    return found;
  }

  /** Compares CSRF tokens in constant time. */
  static sameToken(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }
}
