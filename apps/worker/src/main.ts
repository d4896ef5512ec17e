import { bootstrap } from '@modelgate/platform';
import { WorkerModule } from './worker.module';

void bootstrap(WorkerModule, 'WORKER_PORT');
