import { bootstrap } from '@modelgate/platform';
import { ApiModule } from './api.module';

void bootstrap(ApiModule, 'API_PORT');
