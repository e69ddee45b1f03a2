import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { PrincipalCache } from '../common/auth/principal-cache';
import { nowIso } from '../common/clock';
import { NotFoundError } from '../common/errors/domain-errors';
import { randomSecret, sha256 } from '../security/tokens';
import { TransactionRunner } from '../database/transaction-runner';
import { UsersService } from '../users/users.service';
import { ApiKeyInfo, NewApiKey, NewApiKeyResponse } from './dto/auth.dto';
import { ApiKeyEntity } from './entities/api-key.entity';

export const API_KEY_PREFIX = 'evk_';

const mapApiKey = (key: ApiKeyEntity): ApiKeyInfo => ({
  id: key.id,
  name: key.name,
  keyPrefix: key.keyPrefix,
  dateCreated: key.dateCreated,
  expiresAt: key.expiresAt,
});

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly principals: PrincipalCache,
  ) {}

  /** Creates a key for the caller; the key acts as its user. Only its hash is stored. */
  async create(actor: Principal, dto: NewApiKey): Promise<NewApiKeyResponse> {
    const key = randomSecret(API_KEY_PREFIX);
    const entity = this.keys.create({
      id: randomUUID(),
      userId: actor.userId,
      name: dto.name,
      keyPrefix: key.slice(0, 12),
      keyHash: sha256(key),
      dateCreated: nowIso(),
      expiresAt: dto.expiresInDays
        ? new Date(Date.now() + dto.expiresInDays * 86_400_000).toISOString()
        : null,
      revokedAt: null,
    });
    await this.tx.run((m) => m.insert(ApiKeyEntity, entity));
    return { ...mapApiKey(entity), key };
  }

  async list(actor: Principal): Promise<ApiKeyInfo[]> {
    const keys = await this.keys.find({
      where: { userId: actor.userId, revokedAt: IsNull() },
      order: { dateCreated: 'ASC' },
    });
    return keys.map(mapApiKey);
  }

  async revoke(actor: Principal, id: string): Promise<void> {
    const result = await this.tx.run((m) =>
      m.update(ApiKeyEntity, { id, userId: actor.userId, revokedAt: IsNull() }, { revokedAt: nowIso() }),
    );
    if (!result.affected) throw new NotFoundError(`API key ${id} not found`);
    this.principals.invalidate();
  }

  /** The principal a key acts as, or null when the key is unknown, revoked or expired. */
  async principalForKey(key: string): Promise<Principal | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null;
    const keyHash = sha256(key);
    return this.principals.get(`api-key:${keyHash}`, async () => {
      const entity = await this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
      if (!entity || (entity.expiresAt && entity.expiresAt <= nowIso())) return null;
      const principal = await this.users.loadPrincipal(entity.userId, 'api-key');
      return (
        principal && { principal, validUntil: entity.expiresAt ? Date.parse(entity.expiresAt) : undefined }
      );
    });
  }
}
