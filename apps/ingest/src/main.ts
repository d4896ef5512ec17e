import { bootstrap } from '@modelgate/platform';

void bootstrap(async () => (await import('./ingest.module')).IngestModule, 'INGEST_PORT');
