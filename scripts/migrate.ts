/**
 * `npm run migration:run` applies pending migrations; `npm run migration:revert` undoes the last
 * one; `show` lists pending ones. Uses DATABASE_URL like the apps.
 */
import { createDataSource } from '@modelgate/persistence';
import { parseConfig } from '@modelgate/platform';

async function main(command: string | undefined): Promise<void> {
  const config = parseConfig(process.env);
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 1, applicationName: 'modelgate-migrate' });
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations();
      console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration();
      console.log('reverted the last migration');
    } else if (command === 'show') {
      console.log((await dataSource.showMigrations()) ? 'pending migrations exist' : 'up to date');
    } else {
      throw new Error(`unknown command '${command ?? ''}': use run, revert or show`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('check DATABASE_URL and that PostgreSQL runs (scripts/stack.sh status)');
  process.exit(1);
});
