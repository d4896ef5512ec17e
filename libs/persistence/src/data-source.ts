import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** Shown in pg_stat_activity, so an operator can tell the apps' connections apart. */
  applicationName: string;
}

/** The one description of ModelGate's database: used by the apps and by the migration CLI. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    poolSize: settings.poolSize,
    entities: [],
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // The schema changes only through migrations/: never synchronised at run time.
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
  };
}

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
