import {
  Controller,
  Get,
  Inject,
  Logger,
  ServiceUnavailableException,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { DatabaseProbe } from '../database/prisma-service.base';
import { Public } from '../http/route-authentication';
import { REDIS_CLIENT } from '../redis/redis.module';

@ApiTags('health')
// Probes carry no credentials; they learn nothing but up or down.
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseProbe,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live() {
    return this.health.check([]);
  }

  /**
   * Anonymous callers learn only up or down; which dependency failed, and why, goes to the log,
   * so a probe cannot map the service's internals.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the service can reach its database and Redis' })
  @ApiOkResponse({ description: 'Ready', schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the reason is logged, not returned' })
  async ready(): Promise<{ status: 'ok' }> {
    try {
      await this.health.check([
        () => this.probe('database', () => this.database.ping()),
        () => this.probe('redis', async () => void (await this.redis.ping())),
      ]);
      return { status: 'ok' };
    } catch (error) {
      const details = (error as { getResponse?: () => unknown }).getResponse?.() ?? String(error);
      this.logger.warn(`Not ready: ${JSON.stringify(details)}`);
      throw new ServiceUnavailableException('The service is not ready.');
    }
  }

  private async probe<const Key extends string>(key: Key, ping: () => Promise<void>) {
    const check = this.indicators.check(key);
    const started = performance.now();
    try {
      await ping();
      return check.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
