import type { CustomerBreadcrumb } from '../common/dto/entity-info.dto';
import type { CustomerInfo } from './dto/customer.dto';
import type { CustomerEntity } from './entities/customer.entity';

export function mapCustomer(
  customer: CustomerEntity,
  accountName: string | null,
  breadcrumb: CustomerBreadcrumb[],
): CustomerInfo {
  return {
    id: customer.id,
    accountId: customer.accountId,
    accountName,
    name: customer.name,
    parentCustomerId: customer.parentCustomerId,
    referenceId: customer.referenceId,
    breadcrumb,
    data: customer.data ?? {},
    dateCreated: customer.dateCreated,
    dateLastModified: customer.dateLastModified,
    createdBy: customer.createdBy,
    lastModifiedBy: customer.lastModifiedBy,
  };
}

/** Ids on a materialised path, root first. */
export const pathIds = (path: string): string[] => path.split('/').filter((id) => id.length > 0);
