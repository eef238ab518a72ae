import { Module } from '@nestjs/common';
import { OwnershipModule } from '../ownership/ownership.module';
import { TemplateRendererService } from './template-renderer.service';
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
    TemplateRendererService,
    { provide: TEMPLATES_CONFIG, useFactory: () => loadTemplatesConfig() },
  ],
  exports: [TemplateRendererService],
})
export class TemplatesModule {}
