import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { SERVICE_CONFIG, ServiceConfig, ServiceName } from '../config/service-config';
import {
  openSealedValue,
  SealedValueError,
  sealValue,
  sealingPrivateKey,
  sealingPublicKey,
} from './sealed-box';

/** A contract and field a sealed value belongs to, e.g. `auth.password-reset-requested.v1#resetUrl`. */
export function sealedPurpose(contract: { name: string } | { pattern: string }, field: string): string {
  return `${'name' in contract ? contract.name : contract.pattern}#${field}`;
}

/**
 * Seals a secret for the one service that needs it in clear, and opens what was sealed for this
 * service. Producers call `sealFor` just before putting a value in a payload; the consumer calls
 * `open` at the edge (handler) and passes the clear value inward. Redis, outbox rows and stream
 * entries only ever hold the sealed form.
 */
@Injectable()
export class FieldSealer {
  private readonly service: ServiceName;
  private readonly privateKey: KeyObject;
  private readonly publicKeys = new Map<ServiceName, KeyObject>();

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.service = config.service;
    this.privateKey = sealingPrivateKey(config.sealing.privateKey);
    for (const [name, key] of Object.entries(config.sealing.publicKeys)) {
      if (key) this.publicKeys.set(name as ServiceName, sealingPublicKey(key));
    }
  }

  sealFor(consumer: ServiceName, purpose: string, value: string): string {
    const key = this.publicKeys.get(consumer);
    if (!key) throw new SealedValueError(`no public key of ${consumer} is configured`);
    return sealValue(consumer, key, purpose, value);
  }

  /** The clear value of something sealed for this service; throws SealedValueError otherwise. */
  open(purpose: string, sealed: string): string {
    return openSealedValue(this.service, this.privateKey, purpose, sealed);
  }
}
