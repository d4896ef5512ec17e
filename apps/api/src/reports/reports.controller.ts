import { Body, Controller, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiProduces } from '@nestjs/swagger';
import { type CreateReportLink, type Report, type ReportLink, createReportLinkSchema, reportLinkSchema, reportSchema } from '@modelgate/contracts';
import { renderCsv, renderHtml } from '@modelgate/reports';
import { z } from 'zod';
import { Public, Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { ReportsService } from './reports.service';
import type { IncomingHttpHeaders } from 'node:http';

const idParam = new ZodValidationPipe(z.uuid());
const readers = ['analyst', 'operator'] as const;
// The page loads nothing: its styles and SVG charts are inline; no script runs.
const pageHeaders = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
  ['Cache-Control', 'private, no-store'],
] as const;

@Controller('v1')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('deployments/:id/report')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'A deployment’s report (modelgate.report/v1): steps, timeline, metrics with intervals, tests, SRM, drift, decisions', response: reportSchema, roles: [...readers] })
  json(@Param('id', idParam) id: string): Promise<Report> {
    return this.reports.report(id);
  }

  @Get('deployments/:id/report.csv')
  @Roles(...readers)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperationFrom({ summary: 'The report as CSV: one row per analysis × variant × metric, with a header row', response: z.string(), roles: [...readers] })
  async csv(@Param('id', idParam) id: string, @Res({ passthrough: true }) response: { header(name: string, value: string): void }): Promise<string> {
    response.header('Content-Disposition', `attachment; filename="report-${id}.csv"`);
    return renderCsv(await this.reports.report(id));
  }

  @Get('deployments/:id/report.html')
  @Roles(...readers)
  @Header(...pageHeaders[0])
  @Header(...pageHeaders[1])
  @Header(...pageHeaders[2])
  @ApiProduces('text/html')
  @ApiOperationFrom({ summary: 'The report as one self-contained HTML page with charts (works offline)', response: z.string(), roles: [...readers] })
  async html(@Param('id', idParam) id: string): Promise<string> {
    return renderHtml(await this.reports.report(id));
  }

  @Post('deployments/:id/report-links')
  @Roles(...readers)
  @ApiOperationFrom({ summary: 'A short-lived signed link that opens the HTML report without a key', body: createReportLinkSchema, response: reportLinkSchema, status: 201, roles: [...readers] })
  link(
    @Param('id', idParam) id: string,
    @Body(new ZodValidationPipe(createReportLinkSchema)) body: CreateReportLink,
    @Req() request: { protocol: string; headers: IncomingHttpHeaders },
  ): Promise<ReportLink> {
    return this.reports.createLink(id, body.ttlSeconds, `${request.protocol}://${request.headers.host ?? 'localhost'}`);
  }

  // Opened without a key (the link is the credential), so it is not in the key-authenticated docs.
  @Get('report-links/:token')
  @Public()
  @ApiExcludeEndpoint()
  @Header(...pageHeaders[0])
  @Header(...pageHeaders[1])
  @Header(...pageHeaders[2])
  async shared(@Param('token') token: string): Promise<string> {
    return renderHtml(await this.reports.reportOfLink(token));
  }
}
