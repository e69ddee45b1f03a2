import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';

/** Evo's `UserInfo`. */
export class UserInfo {
  @ApiProperty({ description: 'The ID of the user' })
  id: string;

  @ApiProperty({ description: 'Is the caller authenticated?' })
  isAuthenticated: boolean;

  @ApiProperty({ description: 'First name', nullable: true, type: String })
  firstName: string | null;

  @ApiProperty({ description: 'Last name', nullable: true, type: String })
  lastName: string | null;

  @ApiProperty({ description: 'Full name' })
  name: string;

  @ApiProperty({ description: 'Email address (the login user name)' })
  emailAddress: string;

  @ApiProperty({ description: 'Roles', enum: Role, enumName: 'UserRoles', isArray: true })
  roles: Role[];

  @ApiProperty({ description: 'Accounts the user belongs to', type: [String] })
  accountIds: string[];

  @ApiProperty({ description: 'Names of those accounts, in the same order', type: [String] })
  accountNames: string[];

  @ApiProperty({ description: 'For Customer-role users: their customer', nullable: true, type: String })
  customerId: string | null;

  @ApiProperty({ description: 'The date the user was created' })
  dateCreated: string;
}
