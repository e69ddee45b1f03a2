import type { AccountInfo } from './dto/account.dto';
import type { AccountEntity } from './entities/account.entity';

export function mapAccount(account: AccountEntity): AccountInfo {
  return {
    id: account.id,
    name: account.name,
    parentAccountId: account.parentAccountId,
    twilioAccountSid: account.twilioAccountSid,
    ancestorIds: account.ancestorIds,
    maxPhoneNumbers: account.maxPhoneNumbers,
    isBYOA: account.isBYOA,
    dateCreated: account.dateCreated,
    dateLastModified: account.dateLastModified,
    createdBy: account.createdBy,
    lastModifiedBy: account.lastModifiedBy,
  };
}
