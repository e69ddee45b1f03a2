import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get(ConfigService);
  const port = config.get<number>('app.port', 3000);
  const host = config.get<string>('app.host', '0.0.0.0');
  await app.listen(port, host);
  console.log(`Evo Voice provisioning API on http://localhost:${port} (Swagger UI: /swagger)`);
}

void bootstrap();
