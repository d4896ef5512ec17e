import { bootstrap } from '@modelgate/platform';

void bootstrap(async () => (await import('./worker.module.js')).WorkerModule, 'WORKER_PORT');
