import { Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsCollector } from './metrics.collector';
import { MetricsController } from './metrics.controller';

/** Prometheus metrics (`Metrics`, for the modules that import this one) and `GET /metrics`. */
@Module({
  providers: [Metrics, MetricsCollector],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
