/** requireTool: a missing tool skips a test on a developer machine and fails it in CI. */
import { requireTool } from './tools.js';

describe('requireTool', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  test('finds an executable on PATH', () => {
    expect(requireTool('node')).toBe(true);
  });

  test('a missing tool is false outside CI', () => {
    delete process.env.CI;
    expect(requireTool('infer-mapping-no-such-tool')).toBe(false);
  });

  test('a missing tool throws, naming it, when CI=true', () => {
    process.env.CI = 'true';
    expect(() => requireTool('infer-mapping-no-such-tool')).toThrow('infer-mapping-no-such-tool');
  });
});
