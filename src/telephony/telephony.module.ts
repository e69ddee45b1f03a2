import { Module } from '@nestjs/common';
import { SandboxTelephonyProvider } from './sandbox/sandbox.provider';
import { TelephonyProvider } from './telephony.provider';
import { TelephonyProviderResolver } from './telephony-provider.resolver';

@Module({
  providers: [{ provide: TelephonyProvider, useClass: SandboxTelephonyProvider }, TelephonyProviderResolver],
  exports: [TelephonyProvider, TelephonyProviderResolver],
})
export class TelephonyModule {}
