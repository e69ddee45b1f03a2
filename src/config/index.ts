export * from './app.config';
export * from './auth.config';
export * from './database.config';
export * from './security.config';
export * from '../telephony/telephony.config';
export * from './env.validation';
export * from './provisioning.config';
export * from './operations.config';
