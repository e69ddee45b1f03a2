import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TelephonyModule } from '../telephony/telephony.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ReadinessIndicators } from './readiness.indicators';
import { ThrottlingModule } from '../throttling/throttling.module';

@Module({
  // Failures are answered in the error envelope; Terminus's own error log would only repeat them.
  imports: [TerminusModule.forRoot({ logger: false }), TelephonyModule, ThrottlingModule],
  controllers: [HealthController],
  providers: [HealthService, ReadinessIndicators],
})
export class HealthModule {}
