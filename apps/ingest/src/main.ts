import { bootstrap } from '@modelgate/platform';
import { IngestModule } from './ingest.module';

void bootstrap(IngestModule, 'INGEST_PORT');
