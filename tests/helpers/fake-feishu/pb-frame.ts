import protobuf from "protobufjs";

/**
 * The long connection's frame, as the SDK's generated `pbbp2` code declares
 * it (proto2, all four numbers required): encoded here with the same library
 * and field numbers, so the emulator speaks the SDK's own wire format.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: "required", type: "string", id: 1 },
            value: { rule: "required", type: "string", id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: "required", type: "uint64", id: 1 },
            LogID: { rule: "required", type: "uint64", id: 2 },
            service: { rule: "required", type: "int32", id: 3 },
            method: { rule: "required", type: "int32", id: 4 },
            headers: { rule: "repeated", type: "Header", id: 5 },
            payloadEncoding: { type: "string", id: 6 },
            payloadType: { type: "string", id: 7 },
            payload: { type: "bytes", id: 8 },
            LogIDNew: { type: "string", id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType("pbbp2.Frame");

/** Frame methods: control (ping/pong) or data (events and their acks). */
export const METHOD = { control: 0, data: 1 } as const;

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array | undefined;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/** Throws on bytes that are not a frame (the SDK's client decodes with the same schema). */
export function decodeFrame(bytes: Uint8Array): Frame {
  const decoded = FrameType.toObject(FrameType.decode(bytes), { longs: Number, defaults: true });
  return {
    SeqID: Number(decoded.SeqID),
    LogID: Number(decoded.LogID),
    service: Number(decoded.service),
    method: Number(decoded.method),
    headers: (decoded.headers ?? []) as Frame["headers"],
    payload: decoded.payload as Uint8Array | undefined,
  };
}

/** A frame's header by key. */
export function header(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
