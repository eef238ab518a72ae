import { Module } from '@nestjs/common';
import { DELIVERY_CONFIG, loadDeliveryConfig } from './delivery.config';

/** The delivery settings, read and validated once at boot. */
@Module({
  providers: [{ provide: DELIVERY_CONFIG, useFactory: () => loadDeliveryConfig() }],
  exports: [DELIVERY_CONFIG],
})
export class DeliveryConfigModule {}
