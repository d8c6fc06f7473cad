package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A value of a {@code @Remote} interface type, passed by reference as the message {@code
 * remoting.RemoteRef}:
 *
 * <pre>
 * message RemoteRef {
 *   string target = 1;                   // "" = the peer of this call
 *   string object_id = 2;                // "" = the service's default object
 *   string interface = 3;                // the gRPC service name
 *   google.protobuf.Duration lease = 4;  // set for leased objects
 *   fixed64 grant = 5;                   // leased objects: the grant number of this hand-out
 * }
 * </pre>
 *
 * The grant is fixed-width so that a reference's size does not depend on it: the server hands
 * a leased object out (raising its grant) each time it sizes or writes the reference. The
 * endpoint's {@link References} turn values into references and back. Immutable.
 */
final class RefElement extends MessageElement {
  static final String FULL_NAME = "remoting.RemoteRef";

  private static final Field[] FIELDS = {
    new Field.Singular(FULL_NAME, "target", 1, Scalar.STRING, false),
    new Field.Singular(FULL_NAME, "object_id", 2, Scalar.STRING, false),
    new Field.Singular(FULL_NAME, "interface", 3, Scalar.STRING, false),
    new Field.Singular(FULL_NAME, "lease", 4, TimeElement.DURATION, true),
    new Field.Singular(FULL_NAME, "grant", 5, Scalar.FIXED64, false),
  };

  /** {@code remoting/RemoteRef.proto}, built once. */
  static final FileDescriptor FILE =
      TypeMapper.buildFile(
          FULL_NAME,
          Map.of(DurationProto.getDescriptor().getName(), DurationProto.getDescriptor()),
          proto ->
              proto.addMessageType(
                  Field.message(Names.simpleNameOf(FULL_NAME), List.of(FIELDS))));

  private final Class<?> type;
  private final String service;
  private final References references;

  RefElement(Class<?> type, String service, References references) {
    super(FULL_NAME);
    this.type = type;
    this.service = service;
    this.references = references;
  }

  @Override
  public FileDescriptor file() {
    return FILE;
  }

  @Override
  int bodySize(Object value) {
    RemoteRef ref = references.toRef(value, type, service);
    return FIELDS[0].size(ref.target())
        + FIELDS[1].size(ref.objectId())
        + FIELDS[2].size(ref.interfaceName())
        + FIELDS[3].size(ref.lease())
        + FIELDS[4].size(ref.grant());
  }

  @Override
  void writeBody(CodedOutputStream out, Object value) throws IOException {
    RemoteRef ref = references.toRef(value, type, service);
    FIELDS[0].write(out, ref.target());
    FIELDS[1].write(out, ref.objectId());
    FIELDS[2].write(out, ref.interfaceName());
    FIELDS[3].write(out, ref.lease());
    FIELDS[4].write(out, ref.grant());
  }

  @Override
  Object newAccumulator() {
    return new Object[FIELDS.length];
  }

  @Override
  void readBody(CodedInputStream in, Object accumulator, int depth) throws IOException {
    Wire.readFields(in, FIELDS, (Object[]) accumulator, depth);
  }

  /** Resolves the reference read (occurrences merged, as protobuf merges a message). */
  @Override
  public Object build(Object accumulator) throws InvalidProtocolBufferException {
    Object[] acc = (Object[]) accumulator;
    for (int i = 0; i < FIELDS.length; i++) {
      acc[i] = FIELDS[i].finish(acc[i]);
    }
    RemoteRef ref = new RemoteRef(
        (String) acc[0], (String) acc[1], (String) acc[2], (Duration) acc[3], (Long) acc[4]);
    return references.fromRef(ref, type, service);
  }

  /** An absent reference is {@code null}, never a default object. */
  @Override
  public Object defaultValue() {
    return null;
  }
}
