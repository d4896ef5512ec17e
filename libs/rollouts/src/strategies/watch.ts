import { runPolicy } from '../policy/policy';
import { unitsOf, emptyAggregate } from '../policy/evidence-parts';
import type { Transition, VariantAggregate } from '../types';
import { hold, settle } from './settle';
import { move, referenceWindowOf, rollbackVersion, safeWindow, secondsSince, type Ctx } from './transition';

function byVersion(list: readonly VariantAggregate[] | undefined, version: string): VariantAggregate | undefined {
  return Array.isArray(list) ? list.find((v) => v?.version === version) : undefined;
}

/**
 * `watching`, after promotion (or blue/green's switch): the promoted version against the last
 * verified one — in the same window while both still serve, else against its last window before
 * the switch. Only significant harm matters (rollback to the last verified version); when the
 * watch window ends without harm, and with enough samples, the deployment is promoted for good.
 */
export function watch(ctx: Ctx): Transition {
  const { state, analysis, settings: s, now } = ctx;
  const version = state.promotedVersion ?? s.candidateVersion;
  const verified = rollbackVersion(s);
  const promoted = byVersion(analysis.variants, version) ?? emptyAggregate('candidate', version);
  const concurrent = byVersion(analysis.variants, verified);
  const both = concurrent !== undefined && concurrent !== promoted && unitsOf(concurrent) > 0;
  const before = byVersion(analysis.before?.variants, verified);
  const baseline = both ? concurrent : (before ?? emptyAggregate('baseline', verified));
  const result = runPolicy({
    settings: s,
    window: safeWindow(analysis, now),
    comparison: both ? 'concurrent' : 'before',
    referenceWindow: both ? null : referenceWindowOf(analysis, now),
    baseline,
    candidates: [promoted],
    primary: 'harm_only',
    split: null,
    notes: both ? [] : [`nobody gets ${verified} after the switch: ${version} is compared with ${verified}'s last window before it`],
  });
  return settle(ctx, result, (words, evidence) => {
    const watched = secondsSince(state.phaseStartedAt, now);
    const length = Number.isFinite(s.watchSeconds) && s.watchSeconds > 0 ? s.watchSeconds : 0;
    if (watched < length) return hold(ctx, `${words}; no harm so far, watched ${Math.floor(watched)} s of ${length} s`, evidence);
    return move(state, { action: 'promote', phase: 'promoted', patch: { share: 100, promotedVersion: version }, version, words: `${words}; the ${length} s watch ended without harm`, evidence });
  });
}
