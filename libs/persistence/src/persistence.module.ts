import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_NAME, type AppConfig } from '@modelgate/platform';
import { dataSourceOptions } from './data-source';

/** TypeORM's DataSource for an app, from the validated configuration. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService, APP_NAME],
      useFactory: (config: ConfigService<AppConfig, true>, app: string) => ({
        ...dataSourceOptions({
          url: config.get('DATABASE_URL', { infer: true }),
          poolSize: config.get('DATABASE_POOL_SIZE', { infer: true }),
          applicationName: `modelgate-${app}`,
        }),
        retryAttempts: 3,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class PersistenceModule {}
