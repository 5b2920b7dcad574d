/**
 * The example stack in docs/observability (docker compose: collector, Jaeger, Prometheus, Grafana
 * with the Drover dashboard) cannot run here (no Docker engine), so it is checked statically: the
 * files parse, every file a service mounts exists, the services reach each other on the ports
 * they listen on, the collector's pipelines use what it defines, and the dashboard queries only
 * metrics and labels Drover records, under the names the collector's Prometheus exporter gives
 * them, and shows every one of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { INSTRUMENTS, type InstrumentSpec } from '../../../app/telemetry/instruments.js';

const DIR = fileURLToPath(new URL('../../../docs/observability', import.meta.url));
const read = (path: string) => readFileSync(join(DIR, path), 'utf8');

interface Service {
  image: string;
  volumes?: string[];
  ports?: string[];
  command?: string[];
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const collector = parse(read('otel-collector.yaml')) as {
  receivers: Record<string, { protocols: Record<string, { endpoint: string }> }>;
  processors: Record<string, unknown>;
  exporters: Record<string, { endpoint: string }>;
  service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
};
const prometheus = parse(read('prometheus.yml')) as {
  scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
};
const datasources = parse(read('grafana/provisioning/datasources/datasources.yaml')) as {
  datasources: Array<{ uid: string; type: string; url: string }>;
};
const providers = parse(read('grafana/provisioning/dashboards/dashboards.yaml')) as {
  providers: Array<{ options: { path: string } }>;
};
const dashboard = JSON.parse(read('grafana/dashboards/drover.json')) as {
  uid: string;
  panels: Array<{
    id: number;
    datasource: { uid: string };
    targets: Array<{ expr: string; datasource: { uid: string } }>;
  }>;
};

/** The names the collector's Prometheus exporter gives an instrument's series (unit and type suffixes). */
function prometheusNames(spec: InstrumentSpec): string[] {
  const base = spec.name.replace(/\./g, '_') + (spec.unit === 's' ? '_seconds' : '');
  if (spec.kind === 'counter') return [`${base}_total`];
  if (spec.kind === 'histogram') return ['bucket', 'sum', 'count'].map((suffix) => `${base}_${suffix}`);
  return [base];
}

/** Attributes Drover puts on its metrics, as labels. */
const LABELS = new Set(
  [
    ...readFileSync(
      fileURLToPath(new URL('../../../app/telemetry/pass-metrics.ts', import.meta.url)),
      'utf8',
    ).matchAll(/'(drover\.[a-z_.]+)'/g),
  ].map((match) => (match[1] as string).replace(/\./g, '_')),
);

/** `host:port` of an address, with or without a scheme. */
function hostPort(address: string): { host: string; port: string } {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)/.exec(address);
  if (!match) throw new Error(`no host:port in ${address}`);
  return { host: match[1] as string, port: match[2] as string };
}

describe('the example observability stack', () => {
  it('pins every image and mounts only files that exist', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'grafana',
      'jaeger',
      'otel-collector',
      'prometheus',
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, pinned: /:[0-9v][\w.-]*$/.test(service.image) }).toEqual({ name, pinned: true });
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        expect({ volume, exists: existsSync(join(DIR, source)) }).toEqual({ volume, exists: true });
      }
    }
  });

  it('wires the collector: OTLP/HTTP published on 4318, pipelines of defined parts, Jaeger and Prometheus reachable', () => {
    const otlp = hostPort(collector.receivers.otlp!.protocols.http!.endpoint);
    expect(otlp.port).toBe('4318');
    expect(compose.services['otel-collector']!.ports).toContain(`${otlp.port}:${otlp.port}`);
    for (const pipeline of Object.values(collector.service.pipelines)) {
      for (const receiver of pipeline.receivers) expect(collector.receivers).toHaveProperty([receiver]);
      for (const processor of pipeline.processors) expect(collector.processors).toHaveProperty([processor]);
      for (const exporter of pipeline.exporters) expect(collector.exporters).toHaveProperty([exporter]);
    }
    expect(Object.keys(collector.service.pipelines).sort()).toEqual(['metrics', 'traces']);
    const jaeger = hostPort(collector.exporters['otlp/jaeger']!.endpoint);
    expect(compose.services).toHaveProperty([jaeger.host]);
    const scraped = hostPort(prometheus.scrape_configs[0]!.static_configs[0]!.targets[0]!);
    expect(scraped).toEqual({
      host: 'otel-collector',
      port: hostPort(collector.exporters.prometheus!.endpoint).port,
    });
  });

  it('gives Grafana both stores and the dashboard folder the compose file mounts', () => {
    for (const source of datasources.datasources) {
      const { host } = hostPort(source.url);
      expect(compose.services).toHaveProperty([host]);
    }
    const mounted = compose.services.grafana!.volumes!.map((volume) => volume.split(':')[1]);
    expect(mounted).toContain(providers.providers[0]!.options.path);
    expect(mounted).toContain('/etc/grafana/provisioning');
  });

  it('has a dashboard that queries only what Drover records, and shows every metric', () => {
    const known = new Map(
      Object.values(INSTRUMENTS).flatMap((spec) =>
        prometheusNames(spec).map((name) => [name, spec.name] as const),
      ),
    );
    const uids = new Set(datasources.datasources.map((source) => source.uid));
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const shown = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(uids.has(panel.datasource.uid)).toBe(true);
      for (const target of panel.targets) {
        expect(uids.has(target.datasource.uid)).toBe(true);
        for (const [metric] of target.expr.matchAll(/\bdrover_[a-z_]+(?=[{[\s)])/g)) {
          if (LABELS.has(metric)) continue;
          expect({ metric, known: known.has(metric) }).toEqual({ metric, known: true });
          shown.add(known.get(metric) as string);
        }
        for (const [, labels] of target.expr.matchAll(/\bby \(([^)]*)\)/g))
          for (const label of (labels as string).split(',').map((text) => text.trim()))
            expect({ label, known: label === 'le' || LABELS.has(label) }).toEqual({ label, known: true });
      }
    }
    expect([...shown].sort()).toEqual(
      Object.values(INSTRUMENTS)
        .map((spec) => spec.name)
        .sort(),
    );
  });
});
