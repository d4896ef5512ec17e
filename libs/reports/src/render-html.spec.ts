import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report';
import { thin } from './charts';
import { renderHtml } from './render-html';
import { brightnessDrift, canaryDecisions, canaryDeployment, canaryInput, story } from './testing/canary-story';

const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

describe('renderHtml', () => {
  it('is one self-contained page: no script, no external resource, the charts inline as SVG', () => {
    const html = renderHtml(buildReport(canaryInput()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // url(#…) is a clip path inside the same SVG; url(http…) would load something.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    // The decisions timeline, two metrics, the traffic split and one version's drift.
    expect(html.match(/<figure /g)).toHaveLength(5);
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html.match(/data-decision-id=/g)).toHaveLength(12);
  });

  it('escapes every string a user controls: names, versions, features, reasons', () => {
    const deployment = { ...canaryDeployment(story), name: hostile, model: hostile, candidateVersion: hostile };
    const decisions = canaryDecisions(story).map((d) => ({
      ...d,
      reason: hostile,
      evidence: { ...d.evidence, variants: d.evidence.variants.map((v) => ({ ...v, version: hostile, estimates: v.estimates.map((e) => ({ ...e, metric: hostile })) })) },
    }));
    const drift = { ...brightnessDrift(hostile), features: brightnessDrift(hostile).features.map((f) => ({ ...f, feature: hostile, method: hostile })) };
    const html = renderHtml(buildReport(canaryInput({ deployment, decisions, drift: [drift], controls: [{ at: story.start, action: hostile, actor: hostile, detail: hostile }] })));
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('plots at most maxChartPoints per series, keeping the last analysis', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const kept = thin(items, 400);
    expect(kept).toHaveLength(334);
    expect(kept.slice(0, 3)).toEqual([0, 3, 6]);
    expect(kept.at(-1)).toBe(999);
    expect(thin(items.slice(0, 400), 400)).toHaveLength(400);
  });
});
