import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { frameworkErrors } from '../../src/servicestack/framework-errors';
import { forRequest } from '../../src/logging/request-id';

/** What the handler answered: status, content type and body. */
function recordingReply() {
  const sent: { status?: number; type?: string; body?: unknown } = {};
  const reply = {
    status: (status: number) => ((sent.status = status), reply),
    type: (type: string) => ((sent.type = type), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  return { sent, reply: reply as unknown as FastifyReply };
}

describe("frameworkErrors (errors Fastify's router raises before any route)", () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a malformed URL with a 400 envelope, logging nothing', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = Object.assign(new Error("'/%E0' is not a valid url component"), {
      statusCode: 400,
      code: 'FST_ERR_BAD_URL',
    }) as FastifyError;
    const { sent, reply } = recordingReply();
    frameworkErrors(error, { id: 'req-400' } as FastifyRequest, reply);
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ responseStatus: { errorCode: 'BadRequest' } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers an unexpected error with a 500 quoting the request id, and logs its stack under that id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { sent, reply } = recordingReply();
    frameworkErrors(
      new TypeError('router blew up') as FastifyError,
      { id: 'req-500' } as FastifyRequest,
      reply,
    );
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({
      responseStatus: { errorCode: 'InternalServerError', meta: { correlationId: 'req-500' } },
    });
    expect(logged).toHaveBeenCalledWith(
      'Unhandled error req-500',
      expect.stringContaining('TypeError: router blew up'),
      forRequest('req-500'),
    );
  });
});
