import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig } from '../config/auth.config';
import { databaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './database-options';
import { setCursorSecret } from './paging-cursor';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: ConfigType<typeof databaseConfig>) => ({
        ...buildDataSourceOptions({
          url: db.url,
          sqlitePath: db.sqlitePath,
          runMigrations: db.runMigrations,
        }),
        // A local file that failed to open will not open on a retry: fail the start at once.
        ...(db.url ? {} : { retryAttempts: 0 }),
      }),
    }),
  ],
  providers: [
    TransactionRunner,
    // Paging cursors are signed with a key derived from the application's secret (see paging-cursor.ts).
    {
      provide: 'PAGING_CURSOR_KEY',
      inject: [authConfig.KEY],
      useFactory: (auth: ConfigType<typeof authConfig>) => setCursorSecret(auth.jwtSecret),
    },
  ],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
