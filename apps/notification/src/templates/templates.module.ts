import { Module } from '@nestjs/common';
import { OwnershipModule } from '../ownership/ownership.module';
import { TemplateRenderer } from './template-renderer';
import { loadTemplatesConfig, TEMPLATES_CONFIG } from './templates.config';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** Template management over HTTP, and the renderer the sending core uses. */
@Module({
  imports: [OwnershipModule],
  controllers: [TemplatesController],
  providers: [
    TemplatesRepository,
    TemplatesService,
    TemplateRenderer,
    { provide: TEMPLATES_CONFIG, useFactory: () => loadTemplatesConfig() },
  ],
  exports: [TemplateRenderer, TemplatesRepository],
})
export class TemplatesModule {}
