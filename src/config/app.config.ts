import { registerAs } from '@nestjs/config';

/** `CORS_ORIGINS`: comma-separated origins such as `https://app.example.com,http://localhost:5173`. */
export const parseCorsOrigins = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter((origin) => origin.length > 0);

export const appConfig = registerAs('app', () => ({
  env: process.env.NODE_ENV ?? 'development',
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '0.0.0.0',
  publicBaseUrl: process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
  /** Browser origins allowed to call the API with credentials (CORS); none by default. */
  corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS),
  /** Stack traces and internal messages are only ever shown in development. */
  exposeErrorDetails: (process.env.NODE_ENV ?? 'development') === 'development',
}));

export type AppConfig = ReturnType<typeof appConfig>;
