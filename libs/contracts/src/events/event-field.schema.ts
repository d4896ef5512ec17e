import { z } from 'zod';

/**
 * Building blocks shared by the event schemas. Bounds exist so that one event can never
 * blow up a batch: ids and labels are short strings, feature maps are small.
 */
export const shortText = z.string().min(1).max(200);

/** An instant with an explicit offset (`2026-11-25T09:30:00.000Z`), as producers write it. */
export const eventTimestamp = z.iso.datetime({ offset: true });

/** A numeric feature value must be finite: NaN and Infinity break every sketch downstream. */
export const featureValue = z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().max(200)]);

/** At most 200 input features per prediction; numeric values are histogrammed, strings counted by category. */
export const featureMap = z
  .record(z.string().min(1).max(100), featureValue)
  .refine((features) => Object.keys(features).length <= 200, 'at most 200 features per event');

/** A UUID in its canonical lower-case form, so that `ABC…` and `abc…` are the same event for ingest and PostgreSQL alike. */
export const eventUuid = z.uuid().overwrite((id) => id.toLowerCase());
