import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { securityConfig } from '../config/security.config';
import { parseEncryptionKey, SecretBox } from './secret-box';

/** The application's SecretBox, keyed by ENCRYPTION_KEY; `box` is null when no key is configured. */
@Injectable()
export class SecretBoxProvider {
  readonly box: SecretBox | null;

  constructor(@Inject(securityConfig.KEY) config: ConfigType<typeof securityConfig>) {
    this.box = config.encryptionKey ? new SecretBox(parseEncryptionKey(config.encryptionKey)) : null;
  }
}
