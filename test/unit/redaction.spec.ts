import { redactHeaders, redactUrl, SECRET_NAME } from '../../src/logging/redaction';

describe('which names the request log redacts', () => {
  it.each([
    'password',
    'NewPassword',
    'passwd',
    'ss-tok',
    'ss-id',
    'ss-pid',
    'authsecret',
    'jwt',
    'x-auth-token',
    'api-key',
    'x-api-key',
    'apiKey',
    'api_key',
    'key',
    'x-access-token',
    'x-refresh-token',
    'authorization',
    'proxy-authorization',
    'cookie',
    'x-twilio-signature',
    'sig',
    'sessionId',
    'client_secret',
  ])('redacts %s', (name) => expect(SECRET_NAME.test(name)).toBe(true));

  it.each([
    'accountId',
    'customerId',
    'keys',
    'sortKey',
    'idempotency-key',
    'author',
    'x-request-id',
    'content-type',
    'user-agent',
    'host',
    'phoneNumberFilter',
    'stockKeeping',
    'signal',
  ])('keeps %s', (name) => expect(SECRET_NAME.test(name)).toBe(false));

  it('redacts by the decoded name, and keeps everything else of the URL as sent', () => {
    expect(redactUrl('/a/b?x=1&pass%77ord=s1&Pass+word=2&tok=s3#f')).toBe(
      '/a/b?x=1&pass%77ord=[Redacted]&Pass+word=2&tok=[Redacted]#f',
    );
    expect(redactUrl('/no-query')).toBe('/no-query');
    expect(redactUrl('/bad?%E0%A4%A=1&jwt=s')).toBe('/bad?%E0%A4%A=1&jwt=[Redacted]');
  });

  it('copies the headers, redacting only the secret ones', () => {
    const headers = { 'x-auth-token': 's', accept: 'application/json' };
    expect(redactHeaders(headers)).toEqual({ 'x-auth-token': '[Redacted]', accept: 'application/json' });
    expect(headers['x-auth-token']).toBe('s');
  });
});
