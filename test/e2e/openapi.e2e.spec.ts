import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, TestApp } from '../helpers/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('the committed OpenAPI document (openapi.json)', () => {
  let t: TestApp;
  let served: any;

  beforeAll(async () => {
    t = await startApp();
    served = (await t.request('GET', '/swagger-json')).body;
  });
  afterAll(() => t?.close());

  it('is what the app serves (regenerate it with `npm run openapi`)', () => {
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8'));
    expect(served).toEqual(committed);
  });

  it('gives every operation an operationId and a summary, and every error status the envelope', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries<any>(served.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = item[method];
        const name = `${method.toUpperCase()} ${path}`;
        if (!op.operationId) problems.push(`${name}: no operationId`);
        if (!op.summary) problems.push(`${name}: no summary`);
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (Number(status) < 400) continue;
          const ref = response.content?.['application/json']?.schema?.$ref;
          if (ref !== '#/components/schemas/ResponseStatusEnvelope')
            problems.push(`${name} ${status}: not the responseStatus envelope`);
        }
        // Liveness alone is outside the rate limits (@NoRateLimit).
        if (!op.responses['429'] !== (op.operationId === 'HealthLive'))
          problems.push(`${name}: 429 ${op.responses['429'] ? 'documented' : 'undocumented'}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
