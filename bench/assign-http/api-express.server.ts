/**
 * apps/api on Express, Nest's default adapter, for bench/assign-http's comparison of the two
 * adapters: the api's own entry point (apps/api/src/main.ts) runs on Fastify.
 */
import { bootstrap } from '@modelgate/platform';
import { configureApi } from '../../apps/api/src/openapi/configure-api';

void bootstrap(async () => (await import('../../apps/api/src/api.module.js')).ApiModule, 'API_PORT', configureApi);
