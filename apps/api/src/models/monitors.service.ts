import { Injectable, NotFoundException } from '@nestjs/common';
import type { DriftAnalysis, Monitor, MonitorSettings, MonitorSettingsInput, PredictionEvent } from '@modelgate/contracts';
import { computeRollups } from '@modelgate/ingest';
import { addSketches, type MonitorRow, monitorSql, runDriftTick, monitorSettingsOf, type Sketches, toAnalysis } from '@modelgate/persistence';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';

/** One bucket that holds any timestamp: a reference sample is summed whole. */
const WHOLE_SAMPLE_MS = Number.MAX_SAFE_INTEGER;

/** Monitors, their references and their drift analyses; every change audited with the key that made it. */
@Injectable()
export class MonitorsService {
  constructor(private readonly db: DataSource) {}

  async get(model: string, version: string): Promise<Monitor> {
    return this.view(await this.find(model, version));
  }

  /** Creates or replaces a monitor's settings. A different reference setting drops the stored reference (audited). */
  async put(model: string, version: string, settings: MonitorSettings, keyId: string): Promise<Monitor> {
    const row = await this.db.transaction(async (tx) => {
      const { row, before } = await monitorSql.put(tx, model, version, settings);
      await monitorSql.audit(tx, row.id, before === null ? 'monitor.create' : 'monitor.update', keyId, { before, after: settings });
      const previous = before === null ? null : monitorSettingsOf({ ...row, settings: before });
      if (previous && !isDeepStrictEqual(previous.reference, settings.reference) && (await monitorSql.reference(tx, row.id))) {
        await monitorSql.dropReference(tx, row.id);
        await monitorSql.audit(tx, row.id, 'reference.replace', keyId, { before: previous.reference, after: settings.reference });
      }
      return row;
    });
    return this.view(row);
  }

  /** Stores the sketches of an uploaded sample (never its events) as the monitor's reference. */
  async uploadReference(model: string, version: string, events: readonly PredictionEvent[], keyId: string): Promise<Monitor> {
    const deltas = computeRollups(events.map((event) => ({ event, deploymentId: model, variant: version })), [], WHOLE_SAMPLE_MS);
    const sketches = deltas.reduce<Sketches>((sum, d) => addSketches(sum, d.featureSketches), Object.create(null) as Sketches);
    const row = await this.db.transaction(async (tx) => {
      const existing = await monitorSql.byVersion(tx, model, version);
      const settings: MonitorSettingsInput = { ...(existing ? monitorSettingsOf(existing) : {}), reference: { kind: 'uploaded' } };
      const { row } = await monitorSql.put(tx, model, version, settings);
      const replaced = await monitorSql.reference(tx, row.id);
      await monitorSql.saveReference(tx, row.id, { kind: 'uploaded', start: null, end: null, events: events.length, sketches, keyId });
      await monitorSql.audit(tx, row.id, replaced ? 'reference.replace' : 'reference.upload', keyId, {
        before: replaced ? { kind: replaced.kind, events: Number(replaced.events) } : null,
        after: { kind: 'uploaded', events: events.length, features: Object.keys(sketches).length },
      });
      return row;
    });
    return this.view(row);
  }

  async latest(model: string, version: string): Promise<DriftAnalysis> {
    const monitor = await this.find(model, version);
    const [row] = await monitorSql.analyses(this.db, monitor.id, 1);
    if (!row) throw new NotFoundException(`no drift analysis of ${model} ${version} yet: wait for the next tick, or run one with POST …/drift/analyses`);
    return toAnalysis(row, monitor);
  }

  async history(model: string, version: string, limit: number): Promise<DriftAnalysis[]> {
    const monitor = await this.find(model, version);
    return (await monitorSql.analyses(this.db, monitor.id, limit)).map((row) => toAnalysis(row, monitor));
  }

  /** One tick now, through the worker's code path. */
  async analyse(model: string, version: string): Promise<DriftAnalysis> {
    const monitor = await this.find(model, version);
    const analysis = await runDriftTick(this.db, monitor.id, new Date());
    if (!analysis) throw new NotFoundException(`the monitor of ${model} ${version} was deleted meanwhile`);
    return analysis;
  }

  private async find(model: string, version: string): Promise<MonitorRow> {
    const row = await monitorSql.byVersion(this.db, model, version);
    if (!row) throw new NotFoundException(`no monitor of ${model} ${version}: create one with PUT /v1/models/${model}/versions/${version}/monitor`);
    return row;
  }

  private async view(row: MonitorRow): Promise<Monitor> {
    const reference = await monitorSql.reference(this.db, row.id);
    return {
      id: row.id,
      model: row.model,
      version: row.version,
      settings: monitorSettingsOf(row),
      reference: reference
        ? { kind: reference.kind, start: reference.window_start?.toISOString() ?? null, end: reference.window_end?.toISOString() ?? null, events: Number(reference.events), createdAt: reference.created_at.toISOString() }
        : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
