import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResponse } from '../../helpers/test-app';
import { serialize } from './hostile';

/** The figures the issue's closing note gives, per spec file and database. */
export interface Figures {
  operationsTimesRoles?: number;
  requests?: number;
  valuesGenerated?: number;
  racesRun?: number;
  fiveXX: number;
  leaks: number;
  cycles?: number;
  danglingReferences?: number;
  [other: string]: number | undefined;
}

/** A short, printable form of a value sent (long or deep values cut). */
export function preview(value: unknown, max = 120): string {
  const text = serialize(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** An error answer carries ServiceStack's envelope with an error code. */
export function hasEnvelope(response: ApiResponse): boolean {
  const status = response.body?.responseStatus;
  return (
    typeof status === 'object' &&
    status !== null &&
    typeof status.errorCode === 'string' &&
    status.errorCode !== ''
  );
}

/** What is wrong with an answer whatever was asked: a 5xx, or an error outside the envelope. */
export function answerProblem(response: ApiResponse): string | null {
  if (response.status >= 500)
    return `${response.status} ${response.body?.responseStatus?.errorCode ?? ''} ${response.body?.responseStatus?.message ?? response.text.slice(0, 200)}`;
  if (response.status >= 400 && !hasEnvelope(response))
    return `${response.status} without the responseStatus envelope: ${response.text.slice(0, 200)}`;
  return null;
}

/**
 * Logs the figures and merges them into `test-results/adversarial-figures.json` under
 * `<database>/<suite>`, so one file holds every run's figures.
 */
export function recordFigures(suite: string, isPostgres: boolean, figures: Figures): void {
  const key = `${isPostgres ? 'postgres' : 'sqlite'}/${suite}`;
  console.log(`adversarial figures ${key}: ${JSON.stringify(figures)}`);
  const dir = join(process.cwd(), 'test-results');
  const file = join(dir, 'adversarial-figures.json');
  mkdirSync(dir, { recursive: true });
  let all: Record<string, Figures> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* first run */
  }
  all[key] = figures;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/** Writes every finding of a run in full to `test-results/adversarial-<suite>-<database>.txt` (the failures show the first ones). */
export function recordFindings(suite: string, isPostgres: boolean, lists: Record<string, string[]>): void {
  const dir = join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  const text = Object.entries(lists)
    .map(([title, list]) => `## ${title}: ${list.length}\n${list.join('\n')}\n`)
    .join('\n');
  writeFileSync(join(dir, `adversarial-${suite}-${isPostgres ? 'postgres' : 'sqlite'}.txt`), text);
}

/** The failure message of a check: how many findings, and the first ones in full. */
export function findings(title: string, list: string[], shown = 40): string {
  if (!list.length) return '';
  return `${title}: ${list.length}\n  ${list.slice(0, shown).join('\n  ')}${list.length > shown ? `\n  … and ${list.length - shown} more` : ''}`;
}

/**
 * The app runs in this process: a request that adds a property to a built-in prototype changes every
 * object of the app (and of the test). These are the prototypes watched and their own keys at start.
 */
const WATCHED_PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const ORIGINAL_KEYS = new Map(
  WATCHED_PROTOTYPES.map(([, proto]) => [proto, new Set(Reflect.ownKeys(proto))]),
);

/** Properties requests added to built-in prototypes since start, as `Object.prototype["a.id"]`. */
export function prototypePollution(): string[] {
  return WATCHED_PROTOTYPES.flatMap(([name, proto]) =>
    Reflect.ownKeys(proto)
      .filter((key) => !ORIGINAL_KEYS.get(proto)!.has(key))
      .map(
        (key) =>
          `${name}[${JSON.stringify(String(key))}] = ${preview((proto as Record<PropertyKey, unknown>)[key], 60)}`,
      ),
  );
}

/** Removes what requests added to built-in prototypes, so that the next request meets a sound process. */
export function restorePrototypes(): void {
  for (const [, proto] of WATCHED_PROTOTYPES)
    for (const key of Reflect.ownKeys(proto))
      if (!ORIGINAL_KEYS.get(proto)!.has(key)) delete (proto as Record<PropertyKey, unknown>)[key];
}
