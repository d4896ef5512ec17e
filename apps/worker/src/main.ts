import { bootstrap } from '@modelgate/platform';

void bootstrap(async () => (await import('./worker.module')).WorkerModule, 'WORKER_PORT');
