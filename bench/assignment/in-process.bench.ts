/**
 * In-process assignment rate: ModelGate's `assign` (MurmurHash3 over UTF-8, bucket, route) against
 * GrowthBook's own hash-and-bucket (`hash` v2 = FNV-1a twice, `getBucketRanges`, `chooseVariation`,
 * from @growthbook/growthbook's util module) and against its SDK `runInlineExperiment`, on the same ids.
 * Run: npm run bench:assignment
 */
import { GrowthBookClient } from '@growthbook/growthbook';
import { assign, compileDeployment } from '@modelgate/assignment';
import type { LiveDeployment } from '@modelgate/contracts';
import { dirname, join } from 'node:path';

interface GrowthBookUtil {
  hash(seed: string, value: string, version: number): number | null;
  getBucketRanges(n: number, coverage: number, weights: number[]): [number, number][];
  chooseVariation(n: number, ranges: [number, number][]): number;
}
// The util module is not in the package's export map; load it by path (same code the SDK runs).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gbUtil = require(join(dirname(require.resolve('@growthbook/growthbook')), 'util.js')) as GrowthBookUtil;

const n = 1_000_000;
const rounds = 5;
const ids = Array.from({ length: n }, (_, i) => `user-${i}-${(i * 2654435761) >>> 0}`);

const deployment: LiveDeployment = {
  id: 'bench',
  model: 'animal-classifier',
  strategy: 'ab_test',
  phase: 'progressing',
  salt: 'animal-classifier-v2',
  abSalt: 'animal-classifier-v2/ab',
  baselineVersion: 'v1',
  candidateVersion: 'v2',
  candidateBuckets: 0,
  arms: [
    { name: 'control', version: 'v1', weight: 1 },
    { name: 'koala', version: 'v2', weight: 1 },
  ],
  randomisation: 'unit',
  targeting: null,
  promotedVersion: null,
};

/** Best-of-rounds rate in assignments per second; `run` returns a checksum so no work is elided. */
function measure(count: number, run: () => number): { rate: number; checksum: number } {
  let best = Infinity;
  let checksum = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    checksum = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { rate: count / best, checksum };
}

const compiled = compileDeployment(deployment);
const ours = measure(n, () => {
  let candidates = 0;
  for (const unitId of ids) if (assign(compiled, { unitId }).variant === 'koala') candidates++;
  return candidates;
});

const ranges = gbUtil.getBucketRanges(2, 1, [0.5, 0.5]);
const gbHash = measure(n, () => {
  let candidates = 0;
  for (const id of ids) if (gbUtil.chooseVariation(gbUtil.hash('animal-classifier-v2', id, 2)!, ranges) === 1) candidates++;
  return candidates;
});

const client = new GrowthBookClient({}).initSync({ payload: { features: {} } });
const experiment = { key: 'animal-classifier-v2', variations: ['v1', 'v2'] as [string, string], weights: [0.5, 0.5] };
const sdkIds = ids.slice(0, n / 10);
// The SDK is much slower per call: a tenth of the ids keeps the run short.
const gbSdk = measure(sdkIds.length, () => {
  let candidates = 0;
  for (const id of sdkIds) if (client.runInlineExperiment(experiment, { attributes: { id } }).variationId === 1) candidates++;
  return candidates;
});

const fmt = (rate: number): string => `${(rate / 1e6).toFixed(2)} M/s`;
console.log(`ids: ${n.toLocaleString('en')} per round, best of ${rounds} rounds`);
console.log(`modelgate assign (murmur3 utf-8, A/B 50/50):        ${fmt(ours.rate)}  (koala share ${(ours.checksum / n).toFixed(4)})`);
console.log(`growthbook hash v2 + getBucketRanges/chooseVariation: ${fmt(gbHash.rate)}  (variation 1 share ${(gbHash.checksum / n).toFixed(4)})`);
console.log(`growthbook SDK runInlineExperiment:                  ${fmt(gbSdk.rate)}`);
console.log(`ratio modelgate / growthbook hash-and-bucket: ${(ours.rate / gbHash.rate).toFixed(2)}x (target >= 1x)`);
console.log(`ratio modelgate / growthbook SDK experiment:  ${(ours.rate / gbSdk.rate).toFixed(2)}x`);
