import { bootstrap } from '@modelgate/platform';
import { apiHttpAdapter, configureApi } from './openapi/configure-api';

void bootstrap(async () => (await import('./api.module.js')).ApiModule, 'API_PORT', configureApi, apiHttpAdapter);
