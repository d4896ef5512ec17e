import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * Serves the OpenAPI document built from the controllers' zod-derived schemas: the UI at /docs,
 * the JSON at /docs-json.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ModelGate API')
    .setDescription(
      'Deployments, cohort assignment and API keys of ModelGate, the control room for rolling out ML models. ' +
        'Examples follow the animal classifier: v1 tells cats from dogs, v2 also recognises koalas.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
