import { describe, expect, test } from '@jest/globals';
import { readImportMarker, withImportMarker } from '../../cli/backlog/import-marker.js';

describe('import marker', () => {
  test('round-trips the id and the description', () => {
    const body = withImportMarker('Do the thing.\n\nCarefully.\n', 'TASK-1');
    expect(body).toBe('Do the thing.\n\nCarefully.\n\n<!-- drover:import-id TASK-1 -->\n');
    expect(readImportMarker(body)).toEqual({ id: 'TASK-1', description: 'Do the thing.\n\nCarefully.' });
  });

  test('an empty description leaves only the marker', () => {
    expect(readImportMarker(withImportMarker(undefined, '7'))).toEqual({ id: '7', description: '' });
  });

  test('a body without a marker (an issue made by hand) has none', () => {
    expect(readImportMarker('Just text')).toBeNull();
    expect(readImportMarker(null)).toBeNull();
  });
});
