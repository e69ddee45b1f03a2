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
});
