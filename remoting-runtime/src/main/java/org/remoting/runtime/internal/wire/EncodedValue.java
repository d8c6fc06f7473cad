package org.remoting.runtime.internal.wire;

/**
 * A message body encoded in advance, which {@link CodecMarshaller#stream} sends as is. The
 * invoker encodes a result while it still holds the servant instance, because gRPC may encode
 * lazily later (the in-process transport parses the stream on the client's thread), after a
 * pooled instance's {@code reset()} or a per-request instance's {@code close()} has run.
 */
public record EncodedValue(byte[] bytes) {}
