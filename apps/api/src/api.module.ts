import { Module } from '@nestjs/common';
import { PersistenceModule } from '@modelgate/persistence';
import { PlatformModule } from '@modelgate/platform';
import { AlertsModule } from './alerts/alerts.module';
import { AssignmentModule } from './assignment/assignment.module';
import { AuthModule } from './auth/auth.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { EventsModule } from './events/events.module';

/** The HTTP API: deployments, assignment, control, alerts, gates, reports, HTTP ingest. */
@Module({
  imports: [PlatformModule.forApp('api'), PersistenceModule, AuthModule, DeploymentsModule, AssignmentModule, EventsModule, AlertsModule],
})
export class ApiModule {}
