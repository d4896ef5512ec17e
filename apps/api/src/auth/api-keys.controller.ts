import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type ApiKey, type CreateApiKey, type CreatedApiKey, apiKeySchema, createApiKeySchema, createdApiKeySchema } from '@modelgate/contracts';
import { z } from 'zod';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';
import { ZodValidationPipe } from '../openapi/zod-validation.pipe';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './roles.decorator';

const idParam = new ZodValidationPipe(z.uuid());

/** API keys: admin only (no `@Roles`, so only admin keys pass the guard). */
@Controller('v1/api-keys')
@Roles()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperationFrom({ summary: 'Create an API key (shown once)', body: createApiKeySchema, response: createdApiKeySchema, status: 201, roles: [] })
  create(@Body(new ZodValidationPipe(createApiKeySchema)) body: CreateApiKey): Promise<CreatedApiKey> {
    return this.apiKeys.create(body);
  }

  @Get()
  @ApiOperationFrom({ summary: 'List API keys', response: z.array(apiKeySchema), roles: [] })
  list(): Promise<ApiKey[]> {
    return this.apiKeys.list();
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperationFrom({ summary: 'Revoke an API key', response: apiKeySchema, roles: [] })
  revoke(@Param('id', idParam) id: string): Promise<ApiKey> {
    return this.apiKeys.revoke(id);
  }
}
