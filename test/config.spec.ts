import { validateEnvironment } from '../src/config/env.validation';

describe('environment validation at boot', () => {
  it('accepts an empty environment (every variable has a default)', () => {
    expect(() => validateEnvironment({})).not.toThrow();
  });

  it('names every invalid variable in one message', () => {
    expect(() =>
      validateEnvironment({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        JWT_SECRET: 'short',
        SEED_DEMO_TENANT: 'maybe',
      }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*JWT_SECRET[\s\S]*SEED_DEMO_TENANT/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-that-is-long-enough' }),
    ).not.toThrow();
  });

  it('accepts the forms of TRUST_PROXY Fastify takes, and nothing else', () => {
    for (const TRUST_PROXY of ['true', 'false', '2', '127.0.0.1', '10.0.0.1, 10.1.0.0/16,::1', 'loopback'])
      expect(() => validateEnvironment({ TRUST_PROXY })).not.toThrow();
    for (const TRUST_PROXY of ['yes', '10.0.0.0/33', 'proxy.example.com', '1.2.3.4,', '-1'])
      expect(() => validateEnvironment({ TRUST_PROXY })).toThrow(/TRUST_PROXY must be/);
  });
});
