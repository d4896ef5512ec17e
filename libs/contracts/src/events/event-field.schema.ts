import { z } from 'zod';

/**
 * Building blocks shared by the event schemas. Bounds exist so that one event can never
 * blow up a batch: ids and labels are short strings, feature maps are small.
 */
/** Free text: PostgreSQL text and jsonb refuse NUL, so an event carrying one could never be stored. */
// eslint-disable-next-line no-control-regex -- NUL is exactly the character refused
export const text = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/, 'must not contain NUL characters');

export const shortText = text(200).min(1);

/** An instant with an explicit offset (`2026-11-25T09:30:00.000Z`), as producers write it. */
export const eventTimestamp = z.iso.datetime({ offset: true });

/** A numeric feature value must be finite: NaN and Infinity break every sketch downstream. */
export const featureValue = z.union([z.number().refine(Number.isFinite, 'must be a finite number'), text(200)]);

/** At most 200 input features per prediction; numeric values are histogrammed, strings counted by category. */
export const featureMap = z
  .record(text(100).min(1), featureValue)
  .refine((features) => Object.keys(features).length <= 200, 'at most 200 features per event');

/** A UUID in its canonical lower-case form, so that `ABC…` and `abc…` are the same event for ingest and PostgreSQL alike. */
export const eventUuid = z.uuid().overwrite((id) => id.toLowerCase());
