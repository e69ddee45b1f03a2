import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { renderError } from '../../src/common/errors/all-exceptions.filter';

/** A failed statement as TypeORM reports it, with the driver's error code (as pg sets it). */
const failed = (code: string, message: string) =>
  new QueryFailedError(
    'UPDATE "endpoints" SET "flowId" = $1 WHERE "id" = $2',
    [],
    Object.assign(new Error(message), { code }),
  );

describe('database errors a racing request provokes', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a deadlock (40P01)', '40P01', 'deadlock detected'],
    ['a serialization failure (40001)', '40001', 'could not serialize access due to concurrent update'],
  ])('answer %s with a 409 to try again, not a 500', (_what, code, message) => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status, body } = renderError(failed(code, message), false, new Logger('Errors'));
    expect([status, body.responseStatus.errorCode]).toEqual([409, 'ConcurrentChange']);
    expect(logged).not.toHaveBeenCalled();
  });

  it('leave any other failed statement a 500', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status } = renderError(
      failed('42P01', 'relation "nowhere" does not exist'),
      false,
      new Logger('Errors'),
    );
    expect(status).toBe(500);
  });
});
