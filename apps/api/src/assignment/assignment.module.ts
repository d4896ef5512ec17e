import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { AssignmentController } from './assignment.controller';
import { AssignmentService } from './assignment.service';

/** `/v1/assign`: cohort assignment from the in-memory live deployments. */
@Module({
  imports: [DeploymentsModule],
  controllers: [AssignmentController],
  providers: [AssignmentService],
})
export class AssignmentModule {}
