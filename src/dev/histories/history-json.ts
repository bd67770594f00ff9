import { createRequire } from 'node:module';
import { temporal } from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import type { History } from '@temporalio/common/lib/proto-utils';

/**
 * History <-> the JSON `temporal workflow show --output json` writes (proto3 JSON: enum names,
 * int64 as strings, camelCase fields, two-space indent).
 *
 * This is what the SDK's `historyToJSON`/`historyFromJSON` (@temporalio/common/lib/proto-utils) do,
 * and they are the reference. They cannot be called here: @grpc/proto-loader hoists protobufjs 7 to
 * the top of node_modules, so @temporalio/common and @temporalio/proto each get a private copy of
 * protobufjs 8, and protojson from common's copy rejects the types built by proto's copy
 * ("type must be a Type"). Taking protojson from the copy @temporalio/proto itself resolves keeps
 * the two in one instance, in this layout and in a deduplicated one alike.
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History;
}
interface ProtobufRoot {
  lookupType(name: string): unknown;
}

const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
// The CommonJS module object itself: an ES namespace wrapper around it would hide the protobuf root.
const protoModule = requireFromProto('@temporalio/proto') as Record<string, unknown>;
const historyType = (patchProtobufRoot(protoModule) as unknown as ProtobufRoot).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, temporal.api.history.v1.History.fromObject(history)), null, 2);
}

/** Unknown fields (from a newer server) are ignored; older exports' PascalCase enum values are accepted. */
export function historyFromJson(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('expected an object with an `events` array');
  }
  return protojson.fromJson(historyType, withConstantCaseEnums(json), { ignoreUnknownFields: true });
}

/** Exports from tctl and older Web UIs write `"eventType": "WorkflowExecutionStarted"`; proto3 JSON wants `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED`. */
const ENUM_PREFIXES: Readonly<Record<string, string>> = {
  eventType: 'EVENT_TYPE',
  kind: 'TASK_QUEUE_KIND',
  parentClosePolicy: 'PARENT_CLOSE_POLICY',
  workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY',
  initiator: 'CONTINUE_AS_NEW_INITIATOR',
  retryState: 'RETRY_STATE',
};

function withConstantCaseEnums(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withConstantCaseEnums);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => {
      const prefix = ENUM_PREFIXES[key];
      if (prefix && typeof field === 'string' && /^[A-Z][a-zA-Z]*$/.test(field)) {
        return [key, `${prefix}_${field.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase()}`];
      }
      return [key, withConstantCaseEnums(field)];
    }),
  );
}
