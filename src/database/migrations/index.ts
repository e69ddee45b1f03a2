import { InitialSchema1764250000000 } from './1764250000000-initial-schema';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764250000000];
