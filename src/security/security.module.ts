import { Module } from '@nestjs/common';
import { SecretBoxProvider } from './secret-box.provider';

@Module({ providers: [SecretBoxProvider], exports: [SecretBoxProvider] })
export class SecurityModule {}
