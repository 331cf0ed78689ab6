import { buildApp } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import type { App } from "../../src/platform/http/types.ts";
import { I18n } from "../../src/platform/i18n/catalogs.ts";
import { createLogger } from "../../src/platform/log.ts";
import { type DatabaseTarget, freshDatabase } from "./databases.ts";

let sharedI18n: I18n | undefined;

export interface TestApp {
  app: App;
  close(): Promise<void>;
}

/** Builds the app on a fresh database of the given kind. `close` shuts it down and drops its data. */
export async function createTestApp(
  target: DatabaseTarget,
  overrides: Partial<Config> = {},
  /** Registers extra routes (test-only) before the app is ready. */
  extend?: (app: App) => void,
): Promise<TestApp> {
  sharedI18n ??= new I18n();
  const { database, cleanup } = await freshDatabase(target);
  const config = { ...target.config, ...overrides };
  const app = await buildApp({ config, database, logger: createLogger("silent"), i18n: sharedI18n });
  extend?.(app);
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await cleanup();
    },
  };
}
