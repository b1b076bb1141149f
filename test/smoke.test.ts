import { advance, diagnostic, formatDiagnostic } from '../src/diagnostics.js';

test('advance counts lines and columns', () => {
  expect(advance({ offset: 0, line: 1, column: 1 }, 'ab\ncd', 4)).toEqual({ offset: 4, line: 2, column: 2 });
  expect(formatDiagnostic(diagnostic('EMPTY_INPUT', 'x.log', { offset: 0, line: 1, column: 1 }))).toMatch(/^x\.log:1:1: error EMPTY_INPUT/);
});
