import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsCollector } from './metrics.collector';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics (`Metrics`, injectable everywhere) and `GET /metrics`. */
@Global()
@Module({
  providers: [Metrics, MetricsCollector],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
