import { Module } from '@nestjs/common';
import { MonitorsController } from './monitors.controller';
import { MonitorsService } from './monitors.service';

/** Model versions: drift monitors, references and analyses. */
@Module({
  controllers: [MonitorsController],
  providers: [MonitorsService],
})
export class ModelsModule {}
