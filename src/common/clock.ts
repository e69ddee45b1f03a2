/** ISO-8601 UTC timestamp, the form every stored and returned date takes. */
export const nowIso = (): string => new Date().toISOString();
