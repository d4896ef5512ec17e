import { Module } from '@nestjs/common';
import { RolloutStoreModule } from '@modelgate/persistence';
import { DeploymentsModule } from '../deployments/deployments.module';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/** External alarms that roll deployments back (Alertmanager). */
@Module({
  imports: [RolloutStoreModule, DeploymentsModule],
  controllers: [AlertsController],
  providers: [AlertsService],
})
export class AlertsModule {}
