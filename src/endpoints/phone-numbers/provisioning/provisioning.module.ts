import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../../../accounts/accounts.module';
import { TelephonyModule } from '../../../telephony/telephony.module';
import { EndpointsModule } from '../../endpoints.module';
import { LeaseEntity } from './entities/lease.entity';
import { ProvisioningEventEntity } from './entities/provisioning-event.entity';
import { ProvisioningOrphanEntity } from './entities/provisioning-orphan.entity';
import { LeaseService } from './lease.service';
import { PhoneNumberProvisioner } from './phone-number-provisioner';
import { PhoneNumberReconciler } from './phone-number-reconciler';
import { ProvisioningEventsService } from './provisioning-events.service';
import { ProvisioningStore } from './provisioning-store';
import { EventsModule } from '../../../events/events.module';
import { IdempotencyModule } from '../../../idempotency/idempotency.module';
import { MetricsModule } from '../../../metrics/metrics.module';

/** Buying numbers reliably (claim, purchase, activate, compensate), the reconciler and the audit trail. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ProvisioningEventEntity, ProvisioningOrphanEntity, LeaseEntity]),
    AccountsModule,
    EndpointsModule,
    TelephonyModule,
    EventsModule,
    IdempotencyModule,
    MetricsModule,
  ],
  providers: [
    PhoneNumberProvisioner,
    ProvisioningStore,
    PhoneNumberReconciler,
    ProvisioningEventsService,
    LeaseService,
  ],
  exports: [PhoneNumberProvisioner, PhoneNumberReconciler, ProvisioningEventsService, ProvisioningStore],
})
export class ProvisioningModule {}
