import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '../../common/auth/role.enum';
import { OptionalId, OptionalString } from '../../common/validation/decorators';

/** Evo's `NewUser`, plus the roles and (for Customer-role users) the customer. */
export class NewUser {
  @OptionalId('The account the user belongs to (required unless the user is a SystemAdministrator)')
  accountId?: string;

  @ApiProperty({
    description: 'The email address, also the login user name',
    example: 'jane@example.com',
    maxLength: 320,
  })
  @IsEmail({}, { message: 'emailAddress must be an email address' })
  @MaxLength(320)
  emailAddress: string;

  @OptionalString('First name')
  firstName?: string;

  @OptionalString('Last name')
  lastName?: string;

  @ApiProperty({
    description: 'The password (8 to 128 characters); stored only as a scrypt hash',
    minLength: 8,
    maxLength: 128,
  })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  @ApiPropertyOptional({
    description: 'Roles of the user (default: Customer when customerId is given, else Manager)',
    enum: Role,
    enumName: 'UserRoles',
    isArray: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `roles must each be one of: ${Object.values(Role).join(', ')}` })
  roles?: Role[];

  @OptionalId('For Customer-role users: the customer (in the account) whose subtree they may see')
  customerId?: string;
}
