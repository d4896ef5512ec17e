import { bootstrap } from '@modelgate/platform';
import { configureApi } from './openapi/configure-api';

void bootstrap(async () => (await import('./api.module')).ApiModule, 'API_PORT', configureApi);
