import { Module } from '@nestjs/common';
import { GateRepository } from './gate.repository';
import { GatesController } from './gates.controller';
import { GatesService } from './gates.service';

/** The Flagger and Argo Rollouts gates, and the link of a deployment to its Flagger canary. */
@Module({
  controllers: [GatesController],
  providers: [GateRepository, GatesService],
})
export class GatesModule {}
