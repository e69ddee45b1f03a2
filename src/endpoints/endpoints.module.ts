import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CustomersModule } from '../customers/customers.module';
import { FlowsModule } from '../flows/flows.module';
import { TagsModule } from '../tags/tags.module';
import { TelephonyModule } from '../telephony/telephony.module';
import { EndpointTagEntity } from './entities/endpoint-tag.entity';
import { EndpointEntity } from './entities/endpoint.entity';
import { EndpointsController } from './endpoints.controller';
import { EndpointInfoReader } from './endpoint-info.reader';
import { EndpointsService } from './endpoints.service';
import { OnCallerIdVerified } from './on-caller-id-verified';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { PhoneNumbersController } from './phone-numbers.controller';
import { PhoneNumbersService } from './phone-numbers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([EndpointEntity, EndpointTagEntity]),
    AccountsModule,
    CustomersModule,
    TagsModule,
    FlowsModule,
    TelephonyModule,
    ProvisioningModule,
  ],
  controllers: [EndpointsController, PhoneNumbersController],
  providers: [EndpointsService, EndpointInfoReader, PhoneNumbersService, OnCallerIdVerified],
  exports: [EndpointsService],
})
export class EndpointsModule {}
