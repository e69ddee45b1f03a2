import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { errorLogger, renderError } from '../common/errors/all-exceptions.filter';
import { envelope } from '../common/errors/envelope';

/**
 * Fastify's `frameworkErrors`: the router rejects a malformed URL (400) or an over-long parameter
 * (414) before any route, hook or Nest handler runs; answer them with the envelope too. Anything else
 * arriving here is a 500 whose stack is logged, as the global filter does.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = renderError(error, false, errorLogger, request.id);
  void reply.status(status).type('application/json; charset=utf-8').send(body);
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive'],
};

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser cannot read never reaches Fastify;
 * the answer is written to the socket, still as the envelope.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'Malformed HTTP request',
  ];
  const body = JSON.stringify(envelope(status === 400 ? 'BadRequest' : reason.replace(/ /g, ''), message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
