// Tests live in test/; scratch copies of the repository (.tmp/, test/.out/) must never be collected.
// The run's temporary folders go into one folder removed at its end (test/helpers/tmp-root.ts).
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: { exclude: [...configDefaults.exclude, '.tmp/**', 'test/.out/**'], globalSetup: ['test/helpers/tmp-root.ts'] },
});
