import { Module } from '@nestjs/common';
import { OwnershipService } from './ownership.service';

/** Who owns webhook endpoints and batches, and who may administer other owners' ones. */
@Module({ providers: [OwnershipService], exports: [OwnershipService] })
export class OwnershipModule {}
