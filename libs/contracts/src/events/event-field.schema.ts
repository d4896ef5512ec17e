import { z } from 'zod';

/**
 * Building blocks shared by the event schemas. Bounds exist so that one event can never
 * blow up a batch: ids and labels are short strings, feature maps are small.
 */
/**
 * Free text that PostgreSQL can store: text and jsonb refuse NUL, and a lone UTF-16 surrogate
 * (`"\ud800"`, which JSON can spell) is refused by jsonb and silently turned into U+FFFD in text.
 * (`String.prototype.isWellFormed` is ES2024; in a `u` regex a lone surrogate is a code point of class Cs.)
 */
const LONE_SURROGATE = /\p{Cs}/u;

export const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- NUL is exactly the character refused
    .regex(/^[^\u0000]*$/, 'must not contain NUL characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode (no lone UTF-16 surrogates)');

export const shortText = text(200).min(1);

/** An instant with an explicit offset (`2026-11-25T09:30:00.000Z`), as producers write it. */
export const eventTimestamp = z.iso.datetime({ offset: true });

/** A numeric feature value must be finite: NaN and Infinity break every sketch downstream. */
export const featureValue = z.union([z.number().refine(Number.isFinite, 'must be a finite number'), text(200)]);

/** Input features per prediction, at most. */
export const MAX_FEATURES = 200;

/** At most 200 input features per prediction; numeric values are histogrammed, strings counted by category. */
export const featureMap = z
  .record(text(100).min(1), featureValue)
  .refine((features) => Object.keys(features).length <= MAX_FEATURES, `at most ${MAX_FEATURES} features per event`);

/** A UUID in its canonical lower-case form, so that `ABC…` and `abc…` are the same event for ingest and PostgreSQL alike. */
export const eventUuid = z.uuid().overwrite((id) => id.toLowerCase());
