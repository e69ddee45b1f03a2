// The TypeORM CLI's entry point: the very DataSource the app builds (src/database/data-source.ts).
export { default } from './src/database/data-source';
