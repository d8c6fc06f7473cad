package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DurationProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link Instant} as {@code google.protobuf.Timestamp} and {@link Duration} as {@code
 * google.protobuf.Duration}: {@code int64 seconds = 1; int32 nanos = 2;}. A protobuf duration
 * keeps seconds and nanos of one sign ({@code -1.5s} is {@code -1, -500000000}); Java keeps nanos
 * positive, so they are converted.
 */
abstract class TimeElement extends MessageElement {
  private static final int SECONDS_TAG = 1 << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int NANOS_TAG = 2 << 3 | WireFormat.WIRETYPE_VARINT;

  static final TimeElement INSTANT =
      new TimeElement("google.protobuf.Timestamp", TimestampProto.getDescriptor()) {
    @Override long seconds(Object v) {
      return ((Instant) v).getEpochSecond();
    }

    @Override int nanos(Object v) {
      return ((Instant) v).getNano();
    }

    @Override Object create(long seconds, int nanos) throws InvalidProtocolBufferException {
      if (nanos < 0 || nanos > 999_999_999) {
        throw new InvalidProtocolBufferException("Timestamp nanos out of range: " + nanos);
      }
      try {
        return Instant.ofEpochSecond(seconds, nanos);
      } catch (DateTimeException e) {
        throw new InvalidProtocolBufferException(
            "Timestamp out of the range of Instant: " + seconds + "s", e);
      }
    }
  };

  static final TimeElement DURATION =
      new TimeElement("google.protobuf.Duration", DurationProto.getDescriptor()) {
    @Override long seconds(Object v) {
      Duration d = (Duration) v;
      return d.getSeconds() < 0 && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
    }

    @Override int nanos(Object v) {
      Duration d = (Duration) v;
      return d.getSeconds() < 0 && d.getNano() > 0 ? d.getNano() - 1_000_000_000 : d.getNano();
    }

    @Override Object create(long seconds, int nanos) throws InvalidProtocolBufferException {
      try {
        return Duration.ofSeconds(seconds, nanos);
      } catch (ArithmeticException e) {
        throw new InvalidProtocolBufferException(
            "Duration out of the range of java.time.Duration: " + seconds + "s", e);
      }
    }
  };

  private final FileDescriptor file;

  private TimeElement(String fullName, FileDescriptor file) {
    super(fullName);
    this.file = file;
  }

  abstract long seconds(Object value);

  abstract int nanos(Object value);

  abstract Object create(long seconds, int nanos) throws InvalidProtocolBufferException;

  @Override
  public FileDescriptor file() {
    return file;
  }

  @Override
  int bodySize(Object value) {
    long seconds = seconds(value);
    int nanos = nanos(value);
    return (seconds == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(seconds))
        + (nanos == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(nanos));
  }

  @Override
  void writeBody(CodedOutputStream out, Object value) throws IOException {
    long seconds = seconds(value);
    int nanos = nanos(value);
    if (seconds != 0) {
      out.writeUInt32NoTag(SECONDS_TAG);
      out.writeInt64NoTag(seconds);
    }
    if (nanos != 0) {
      out.writeUInt32NoTag(NANOS_TAG);
      out.writeInt32NoTag(nanos);
    }
  }

  /** {@code {seconds, nanos}}; the value is checked once all occurrences are merged. */
  @Override
  Object newAccumulator() {
    return new long[2];
  }

  @Override
  public Object build(Object accumulator) throws InvalidProtocolBufferException {
    long[] acc = (long[]) accumulator;
    return create(acc[0], (int) acc[1]);
  }

  @Override
  void readBody(CodedInputStream in, Object accumulator, int depth) throws IOException {
    long[] acc = (long[]) accumulator;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SECONDS_TAG) {
        acc[0] = in.readInt64();
      } else if (tag == NANOS_TAG) {
        acc[1] = in.readInt32();
      } else if (WireFormat.getTagFieldNumber(tag) <= 2) {
        String field = WireFormat.getTagFieldNumber(tag) == 1 ? "seconds" : "nanos";
        throw new InvalidProtocolBufferException("Field " + fullName + "." + field
            + " has wire type " + Wire.wireTypeName(WireFormat.getTagWireType(tag))
            + ", expected varint");
      } else {
        Wire.skipField(in, tag, depth);
      }
    }
  }
}
