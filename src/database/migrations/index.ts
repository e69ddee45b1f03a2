import { InitialSchema1764250000000 } from './1764250000000-initial-schema';
import { EventsAndWebhooks1764260000000 } from './1764260000000-events-and-webhooks';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764250000000, EventsAndWebhooks1764260000000];
