import { Module } from '@nestjs/common';
import { PersistenceModule } from '@modelgate/persistence';
import { PlatformModule } from '@modelgate/platform';
import { AlertsModule } from './alerts/alerts.module';
import { AssignmentModule } from './assignment/assignment.module';
import { AuthModule } from './auth/auth.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { EventsModule } from './events/events.module';
import { GatesModule } from './gates/gates.module';
import { ReportsModule } from './reports/reports.module';
import { ModelsModule } from './models/models.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The HTTP API: deployments, assignment, control, alerts, gates, reports, HTTP ingest. */
@Module({
  imports: [PlatformModule.forApp('api'), PersistenceModule, AuthModule, DeploymentsModule, AssignmentModule, EventsModule, WebhooksModule, GatesModule, ReportsModule, ModelsModule, AlertsModule],
})
export class ApiModule {}
