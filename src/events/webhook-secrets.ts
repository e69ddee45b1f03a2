import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { hkdfSync } from 'node:crypto';
import { SecretBox } from '../security/secret-box';
import { SecretBoxProvider } from '../security/secret-box.provider';
import { authConfig } from '../config/auth.config';

/** Bound into every sealed webhook secret, so a ciphertext of another kind never opens as one. */
const CONTEXT = 'webhook-signing-secret';

/**
 * Seals webhook signing secrets at rest with the application's SecretBox (ENCRYPTION_KEY). Without
 * ENCRYPTION_KEY a key is derived from JWT_SECRET, which every instance shares, so webhooks work in a
 * default set-up too.
 */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(secrets: SecretBoxProvider, @Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>) {
    this.box =
      secrets.box ??
      new SecretBox(Buffer.from(hkdfSync('sha256', auth.jwtSecret, 'evo-secret-box', CONTEXT, 32)));
  }

  seal(secret: string): string {
    return this.box.encrypt(secret, CONTEXT);
  }

  open(sealed: string): string {
    return this.box.decrypt(sealed, CONTEXT);
  }
}
