// Tests live in test/; scratch copies of the repository (.tmp/, test/.out/) must never be collected.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: { exclude: [...configDefaults.exclude, '.tmp/**', 'test/.out/**'] },
});
