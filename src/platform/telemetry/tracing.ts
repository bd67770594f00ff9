import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Receives the spans workflows emit (through a sink: workflow code cannot export itself). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * OpenTelemetry for this process: a tracer provider, and spans for incoming HTTP requests (API) and
 * outgoing undici requests (partner calls). Temporal's interceptors (worker-telemetry.ts, and the
 * client's) carry the context from the API request through the workflow to each activity.
 * Exports over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables
 * apply); otherwise tracing stays off and costs next to nothing. Tests pass their own processor.
 */
export function startTracing(
  serviceName: string,
  options: { spanProcessor?: SpanProcessor; env?: NodeJS.ProcessEnv } = {},
): Tracing | undefined {
  if (active) return active;
  const env = options.env ?? process.env;
  const spanProcessor =
    options.spanProcessor ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT ? new BatchSpanProcessor(new OTLPTraceExporter()) : undefined);
  if (!spanProcessor) return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME ?? serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Scrapes and health checks would drown the traces that matter.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(metrics|healthz)\b/.test(request.url ?? ''),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => request.path.startsWith('/metrics') }),
    ],
  });
  // The HTTP instrumentation patches `http` when it is next required; the API's server module was
  // loaded before tracing started, so require it once more to let the patch land.
  createRequire(__filename)('http');
  active = {
    spanProcessor,
    resource,
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      active = undefined;
    },
  };
  return active;
}

/** The tracing this process started, if any. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/** Where workflow spans go when tracing is off: nowhere. */
export const DISCARD_SPANS: Pick<Tracing, 'spanProcessor' | 'resource'> = {
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
};
