import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The crash tests take minutes each while most files take seconds: started first, they run beside
 * the rest instead of after it, which keeps the whole run close to the longest of them.
 */
class CrashTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const crash = (file: TestSpecification) => file.moduleId.includes('/tests/crash/');
    return [...sorted.filter(crash), ...sorted.filter((file) => !crash(file))];
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['tests/support/loopback-only.ts'],
    sequence: { sequencer: CrashTestsFirst },
  },
});
