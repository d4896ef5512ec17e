import { bootstrap } from '@modelgate/platform';

void bootstrap(async () => (await import('./ingest.module.js')).IngestModule, 'INGEST_PORT');
