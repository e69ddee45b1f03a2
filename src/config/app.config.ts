import { registerAs } from '@nestjs/config';

export const appConfig = registerAs('app', () => ({
  env: process.env.NODE_ENV ?? 'development',
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '0.0.0.0',
  publicBaseUrl: process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
  /** Stack traces and internal messages are only ever shown in development. */
  exposeErrorDetails: (process.env.NODE_ENV ?? 'development') === 'development',
}));

export type AppConfig = ReturnType<typeof appConfig>;
