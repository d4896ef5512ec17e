import { z } from 'zod';
import { dataDrift } from '../drift/data-drift';
import { Adwin } from '../streaming/adwin';
import { Ddm } from '../streaming/ddm';
import { PageHinkley } from '../streaming/page-hinkley';
import { scanStream } from '../streaming/detector';
import { type CaseRunner, unwrap } from './runner-types';

const stream = z.array(z.number());

/** Runners for the River and Evidently conventions of `drift-reference.json`. */
export const DRIFT_RUNNERS = {
  ddm: (input) => {
    const i = z
      .object({ stream, params: z.object({ warm_start: z.number().optional(), warning_threshold: z.number().optional(), drift_threshold: z.number().optional() }).strict().default({}) })
      .parse(input);
    const p = i.params;
    return scanStream(new Ddm({ warmStart: p.warm_start, warningThreshold: p.warning_threshold, driftThreshold: p.drift_threshold }), i.stream);
  },
  adwin: (input) => {
    const params = z
      .object({ delta: z.number().optional(), clock: z.number().optional(), max_buckets: z.number().optional(), min_window_length: z.number().optional(), grace_period: z.number().optional() })
      .strict()
      .default({});
    const i = z.object({ stream, params }).parse(input);
    const p = i.params;
    const detector = new Adwin({ delta: p.delta, clock: p.clock, maxBuckets: p.max_buckets, minWindowLength: p.min_window_length, gracePeriod: p.grace_period });
    return scanStream(detector, i.stream);
  },
  page_hinkley: (input) => {
    const params = z
      .object({ min_instances: z.number().optional(), delta: z.number().optional(), threshold: z.number().optional(), alpha: z.number().optional(), mode: z.enum(['up', 'down', 'both']).optional() })
      .strict()
      .default({});
    const i = z.object({ stream, params }).parse(input);
    const p = i.params;
    const detector = new PageHinkley({ minInstances: p.min_instances, delta: p.delta, threshold: p.threshold, alpha: p.alpha, mode: p.mode });
    return scanStream(detector, i.stream);
  },
  data_drift_auto: (input) => {
    const values = z.union([z.array(z.number()), z.array(z.string())]);
    const i = z.object({ reference: values, current: values, feature_type: z.enum(['num', 'cat']) }).parse(input);
    const r = unwrap(dataDrift(i.reference, i.current, i.feature_type));
    return { method: r.method, score: r.score, drift_detected: r.driftDetected };
  },
} satisfies Record<string, CaseRunner>;
