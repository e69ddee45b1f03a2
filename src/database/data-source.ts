import { DataSource } from 'typeorm';
import { buildDataSourceOptions, databaseSettingsFromEnv } from './database-options';

/** The DataSource of the TypeORM CLI (`ormconfig.ts`), built from the same options as the app's. */
export default new DataSource(buildDataSourceOptions(databaseSettingsFromEnv()));
