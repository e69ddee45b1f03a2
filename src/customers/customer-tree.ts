import { MAX_NESTING_DEPTH } from '../common/validation/input-shape';

/**
 * How deep customers nest: a root customer is at depth 1, its children at 2, and so on. It is the one
 * nesting limit of the service (request bodies and Structs have it too). The materialised path holds
 * one 36-character id and a '/' per level in a varchar(1000): 24 levels take 888 characters, and the
 * limit bounds every walk of a path (breadcrumbs, subtree filters).
 */
export const MAX_CUSTOMER_DEPTH = MAX_NESTING_DEPTH;

/** The depth of the customer a materialised path (`rootId/childId/`) leads to. */
export const pathDepth = (path: string): number => path.split('/').length - 1;
