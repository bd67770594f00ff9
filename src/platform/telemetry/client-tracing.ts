import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';

/**
 * Client interceptors that put the caller's trace context (an API request's span, say) into the
 * workflow's headers, so the workflow and its activities join that trace. A no-op while tracing is off.
 */
export function clientTracingInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}
