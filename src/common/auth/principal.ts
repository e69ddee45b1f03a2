import { Role } from './role.enum';

/** Who is calling, loaded from the database on every authenticated request (never from token claims). */
export interface Principal {
  userId: string;
  emailAddress: string;
  firstName: string | null;
  lastName: string | null;
  roles: Role[];
  /** Accounts the caller belongs to (empty for a SystemAdministrator, who sees all). */
  accountIds: string[];
  /** Customer-role callers only: their customer and its materialised path. */
  customerId: string | null;
  customerPath: string | null;
  /** The login session behind a JWT or cookie; null for API keys and Basic credentials. */
  sessionId: string | null;
  authMethod: 'jwt' | 'api-key' | 'basic' | 'session';
}

export const isSystemAdministrator = (p: Principal): boolean => p.roles.includes(Role.SystemAdministrator);
export const isManager = (p: Principal): boolean => p.roles.includes(Role.Manager);

/** The tenant scope a caller is confined to, for repositories to apply inside their SQL. */
export interface TenantScope {
  /** null: every account (SystemAdministrator). */
  accountIds: string[] | null;
  /** Customer-role callers: only this customer subtree (a `customers.path` prefix). */
  customerPath: string | null;
}

export function tenantScope(p: Principal): TenantScope {
  if (isSystemAdministrator(p)) return { accountIds: null, customerPath: null };
  if (isManager(p)) return { accountIds: p.accountIds, customerPath: null };
  return { accountIds: p.accountIds, customerPath: p.customerPath ?? NO_CUSTOMER_PATH };
}

/**
 * The scope path of a Customer-role caller whose customer is gone: a prefix of no stored path (those
 * begin with an id), and plain text that any database accepts as a parameter.
 */
export const NO_CUSTOMER_PATH = '/no-customer/';

/** The service itself, acting at start-up (seeding) and in background jobs. */
export const SYSTEM_PRINCIPAL: Principal = {
  userId: 'system',
  emailAddress: 'system',
  firstName: null,
  lastName: null,
  roles: [Role.SystemAdministrator],
  accountIds: [],
  customerId: null,
  customerPath: null,
  sessionId: null,
  authMethod: 'api-key',
};
