import type { CustomerBreadcrumb } from '../contract/entity-info.dto';
import type { Tag } from '../tags/dto/tag.dto';
import type { CustomerInfo } from './dto/customer.dto';
import type { CustomerEntity } from './entities/customer.entity';

export interface CustomerRelations {
  accountName: string | null;
  breadcrumb: CustomerBreadcrumb[];
  tags: Tag[];
}

export function mapCustomer(customer: CustomerEntity, relations: CustomerRelations): CustomerInfo {
  return {
    id: customer.id,
    accountId: customer.accountId,
    accountName: relations.accountName,
    name: customer.name,
    parentCustomerId: customer.parentCustomerId,
    referenceId: customer.referenceId,
    breadcrumb: relations.breadcrumb,
    data: customer.data ?? {},
    tags: relations.tags,
    schedule: customer.schedule ?? null,
    dateCreated: customer.dateCreated,
    dateLastModified: customer.dateLastModified,
    createdBy: customer.createdBy,
    lastModifiedBy: customer.lastModifiedBy,
  };
}

/** Ids on a materialised path, root first. */
export const pathIds = (path: string): string[] => path.split('/').filter((id) => id.length > 0);
