export enum Role {
  SystemAdministrator = 'SystemAdministrator',
  Manager = 'Manager',
  Customer = 'Customer',
}

export const ALL_ROLES = [Role.SystemAdministrator, Role.Manager, Role.Customer] as const;
