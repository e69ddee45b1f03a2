import { randomUUID } from 'node:crypto';
import { nowIso } from './clock';
import type { Principal } from './auth/principal';

/** Id and audit fields for a new entity created by `actor`. */
export function newAudited(actor: Principal | null): {
  id: string;
  dateCreated: string;
  dateLastModified: string;
  createdBy: string | null;
  lastModifiedBy: string | null;
} {
  const now = nowIso();
  const by = actor?.emailAddress ?? 'system';
  return { id: randomUUID(), dateCreated: now, dateLastModified: now, createdBy: by, lastModifiedBy: by };
}

/** Audit fields for a modification by `actor`. */
export const touched = (actor: Principal | null): { dateLastModified: string; lastModifiedBy: string } => ({
  dateLastModified: nowIso(),
  lastModifiedBy: actor?.emailAddress ?? 'system',
});
