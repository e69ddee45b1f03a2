/**
 * How deep customers nest: a root customer is at depth 1, its children at 2, and so on. The
 * materialised path holds one 36-character id and a '/' per level in a varchar(1000), so 27 levels
 * would fit; 20 leaves room to spare, and bounds every walk of a path (breadcrumbs, subtree filters).
 */
export const MAX_CUSTOMER_DEPTH = 20;

/** The depth of the customer a materialised path (`rootId/childId/`) leads to. */
export const pathDepth = (path: string): number => path.split('/').length - 1;
