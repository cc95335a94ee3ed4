/**
 * An in-memory `DedupStore` for the CLI, the benchmark and tests. The Durable Object's SQLite
 * store has to behave the same way; the store contract tests run against this one.
 */
import type { DedupLayer, DedupRecord, DedupRecordState, DedupStore } from "./types";

export class MemoryDedupStore implements DedupStore {
  /** tenant → layer → id → record; a Map per tenant makes cross-tenant reads impossible by shape. */
  private readonly tenants = new Map<string, Map<DedupLayer, Map<string, DedupRecord>>>();

  private layerOf(tenant: string, layer: DedupLayer): Map<string, DedupRecord> {
    let layers = this.tenants.get(tenant);
    if (!layers) {
      layers = new Map();
      this.tenants.set(tenant, layers);
    }
    let records = layers.get(layer);
    if (!records) {
      records = new Map();
      layers.set(layer, records);
    }
    return records;
  }

  private static newestFirst(records: Iterable<DedupRecord>): DedupRecord[] {
    return [...records].sort((a, b) => b.at - a.at);
  }

  async findByKey(tenant: string, layer: DedupLayer, key: string): Promise<DedupRecord[]> {
    const matches = [...this.layerOf(tenant, layer).values()].filter((record) => record.keys.includes(key));
    return MemoryDedupStore.newestFirst(matches);
  }

  async listRecent(
    tenant: string,
    layer: DedupLayer,
    options: { states: readonly DedupRecordState[]; since?: number; limit: number },
  ): Promise<DedupRecord[]> {
    const since = options.since ?? Number.NEGATIVE_INFINITY;
    const matches = [...this.layerOf(tenant, layer).values()].filter(
      (record) => options.states.includes(record.state) && record.at >= since,
    );
    return MemoryDedupStore.newestFirst(matches).slice(0, options.limit);
  }

  async put(record: DedupRecord): Promise<void> {
    // Copied so a caller mutating its object later cannot rewrite history.
    this.layerOf(record.tenant, record.layer).set(record.id, { ...record, keys: [...record.keys] });
  }

  async setState(
    tenant: string,
    layer: DedupLayer,
    id: string,
    state: DedupRecordState,
    at?: number,
  ): Promise<void> {
    const record = this.layerOf(tenant, layer).get(id);
    if (record) this.layerOf(tenant, layer).set(id, { ...record, state, at: at ?? record.at });
  }
}
