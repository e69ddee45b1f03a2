import { QueryFailedError } from 'typeorm';
import { renderError } from '../../src/common/errors/all-exceptions.filter';

/** A driver error as TypeORM wraps it, with PostgreSQL's SQLSTATE. */
const failed = (code: string) =>
  new QueryFailedError('UPDATE "customers" ...', [], Object.assign(new Error('driver'), { code }));

describe('renderError: transactions PostgreSQL aborted to resolve a conflict', () => {
  it.each([
    ['a deadlock (40P01)', '40P01'],
    ['a serialisation failure (40001)', '40001'],
  ])('answers %s with a 409 TransactionConflict the client may retry, not a 500', (_name, code) => {
    const rendered = renderError(failed(code), false);
    expect(rendered.status).toBe(409);
    expect(rendered.body.responseStatus).toMatchObject({
      errorCode: 'TransactionConflict',
      message: expect.stringContaining('try again'),
    });
  });

  it('still answers another database failure with a 500', () => {
    expect(renderError(failed('XX000'), false).status).toBe(500);
  });
});
