import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Registry } from 'prom-client';
import { PublicRoute } from '../auth/route-access.decorator';

/**
 * Prometheus text of the service's metrics. Like /health it answers without a token (the scraper
 * has none), so it must be reachable from the cluster network only; it names no patient.
 */
@ApiExcludeController()
@PublicRoute()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    response.setHeader('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
