import type { UserInfo } from './dto/user-info.dto';
import type { UserEntity } from './entities/user.entity';

export function mapUser(user: UserEntity, accounts: { id: string; name: string }[]): UserInfo {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.emailAddress;
  return {
    id: user.id,
    isAuthenticated: true,
    firstName: user.firstName,
    lastName: user.lastName,
    name,
    emailAddress: user.emailAddress,
    roles: user.roles,
    accountIds: accounts.map((a) => a.id),
    accountNames: accounts.map((a) => a.name),
    customerId: user.customerId,
    dateCreated: user.dateCreated,
  };
}
