import { Module } from '@nestjs/common';
import { PersistenceModule } from '@modelgate/persistence';
import { PlatformModule } from '@modelgate/platform';

/** The HTTP API: deployments, assignment, control, gates, reports, HTTP ingest. */
@Module({
  imports: [PlatformModule.forApp('api'), PersistenceModule],
})
export class ApiModule {}
