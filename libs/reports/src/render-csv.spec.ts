import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report';
import { csvField } from './escape';
import { csvColumns, renderCsv } from './render-csv';
import { canaryDecisions, canaryInput, story } from './testing/canary-story';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [-0.0113, '-0.0113'],
    [null, ''],
    [Number.NaN, ''],
  ])('%j → %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe('renderCsv', () => {
  it('has a header naming every column and one row per analysis × variant × metric', () => {
    const lines = renderCsv(buildReport(canaryInput())).split('\r\n');
    expect(lines[0]).toBe(csvColumns.join(','));
    expect(lines[0]!.split(',')).toContain('p_value');
    // 12 analyses × 2 variants × 2 metrics (accuracy, latency_p99_ms), then the final CRLF.
    expect(lines).toHaveLength(1 + 48 + 1);
    expect(lines.at(-1)).toBe('');
  });

  it('puts the test of a metric on its variant’s row, with its statistic and p-value', () => {
    const lines = renderCsv(buildReport(canaryInput())).split('\r\n');
    const column = (name: string) => csvColumns.indexOf(name as (typeof csvColumns)[number]);
    // The first candidate accuracy row: the reason has no comma before the test columns, so a split is safe up to them.
    const row = lines.find((l) => l.includes(',candidate,v2,') && l.includes(',accuracy,'))!.split(',');
    expect(row[column('test')]).toBe('sequential_t');
    expect(row[column('statistic')]).toBe('0.8');
    expect(row[column('p_value')]).toBe('0.4');
    expect(row[column('share_percent')]).toBe('5');
    const baseline = lines.find((l) => l.includes(',baseline,v1,') && l.includes(',accuracy,'))!.split(',');
    expect(baseline[column('test')]).toBe('');
  });

  it('quotes a reason with commas and neutralises a version that would run as a formula', () => {
    const decisions = canaryDecisions(story).slice(0, 1).map((d) => ({
      ...d,
      reason: 'hold, because "n" is small',
      evidence: { ...d.evidence, variants: d.evidence.variants.map((v) => ({ ...v, version: '=cmd|" /C calc"!A0' })) },
    }));
    const csv = renderCsv(buildReport(canaryInput({ decisions })));
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(csv).toContain('"hold, because ""n"" is small"');
    expect(csv).not.toMatch(/,=cmd/);
  });
});
