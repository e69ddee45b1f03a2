import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseQueryString } from 'node:querystring';
import { UnsupportedMediaTypeError } from '../common/errors/domain-errors';
import { clientJsonProblem, FORBIDDEN_KEYS, forbiddenKeyError } from '../common/validation/input-shape';

/**
 * Bodies whose values are all strings (a form, or a query string standing in for the body): the
 * binding pipe converts them by DTO property type, as ServiceStack binds form fields.
 */
const stringFieldBodies = new WeakSet<object>();

export const markStringFields = <T extends object>(body: T): T => {
  stringFieldBodies.add(body);
  return body;
};

export const hasStringFields = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && stringFieldBodies.has(body);

type JsonParser = (
  request: unknown,
  body: string,
  done: (error: Error | null, body?: unknown) => void,
) => void;

/**
 * ServiceStack reads a request body as JSON whatever its `Content-Type` says (`JsonApiClient`
 * sends `text/plain` to avoid a CORS preflight), and reads HTML forms as forms. Fastify's own
 * parsers are replaced by one that does the same; an empty body is no body.
 *
 * A body nesting deeper than `MAX_NESTING_DEPTH`, or holding a forbidden key (`__proto__`,
 * `constructor`, `prototype`), is a 400 naming the field before anything walks it (JSON.parse itself
 * is iterative; the walks after it are not).
 */
export function registerServiceStackBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  // Fastify's built-in parsers (JSON, text) would win over the catch-all; registered through Nest,
  // the catch-all also stops Nest adding its own JSON and form parsers at init.
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('*', { bodyLimit }, (request, buffer, done) => {
    const body = buffer.toString('utf8');
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    if (contentType.startsWith('multipart/')) {
      done(new UnsupportedMediaTypeError('Send the request as JSON or as a URL-encoded form'));
    } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
      parseForm(body, done);
    } else if (body.trim() === '') {
      done(null, undefined);
    } else {
      parseJson(request, body, (error, parsed) => {
        if (error) {
          // The parser refuses `__proto__` without saying where: parsed again, the field is named.
          let value: unknown;
          try {
            value = JSON.parse(body);
          } catch {
            done(error);
            return;
          }
          done(clientJsonProblem(body, value) ?? error);
          return;
        }
        const problem = clientJsonProblem(body, parsed);
        if (problem) done(problem);
        else done(null, parsed);
      });
    }
  });
}

function parseForm(text: string, done: (error: Error | null, body?: unknown) => void): void {
  const parsed = parseQueryString(text); // an object without prototype: every key is its own
  const forbidden = Object.keys(parsed).find((key) => FORBIDDEN_KEYS.has(key));
  if (forbidden !== undefined) {
    done(forbiddenKeyError(forbidden));
    return;
  }
  done(null, markStringFields({ ...parsed }));
}
