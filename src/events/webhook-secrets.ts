import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SecretBox } from '../common/security/secret-box';
import { authConfig } from '../config/auth.config';

/** Seals webhook signing secrets at rest; the key comes from ENCRYPTION_KEY, else JWT_SECRET. */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>) {
    this.box = new SecretBox(process.env.ENCRYPTION_KEY ?? auth.jwtSecret, 'webhook-signing-secret');
  }

  seal(secret: string): string {
    return this.box.seal(secret);
  }

  open(sealed: string): string {
    return this.box.open(sealed);
  }
}
