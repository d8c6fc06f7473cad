package org.remoting.runtime.internal.schema;

import static com.google.protobuf.WireFormat.WIRETYPE_END_GROUP;
import static com.google.protobuf.WireFormat.WIRETYPE_START_GROUP;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/** Reading helpers shared by the codecs: the field loop, unknown fields, the nesting limit. */
final class Wire {
  /** The deepest nesting of messages accepted on read, as in protobuf-java. */
  static final int MAX_DEPTH = 100;

  private Wire() {}

  /**
   * Reads fields until the end of the message (the current limit, or the end of the input) into
   * the accumulators {@code acc}: field number {@code i + 1} is {@code fields[i]}. Unknown fields
   * are skipped. {@code depth} is the nesting depth of this message.
   */
  static void readFields(CodedInputStream in, Field[] fields, Object[] acc, int depth)
      throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      if (number <= fields.length) {
        int i = number - 1;
        acc[i] = fields[i].read(in, WireFormat.getTagWireType(tag), acc[i], depth);
      } else {
        skipField(in, tag, depth);
      }
    }
  }

  /** Skips an unknown field; groups are followed with the nesting limit (no stack overflow). */
  static void skipField(CodedInputStream in, int tag, int depth) throws IOException {
    int wireType = WireFormat.getTagWireType(tag);
    if (wireType == WIRETYPE_END_GROUP) {
      throw new InvalidProtocolBufferException(
          "Protocol message end-group tag did not match expected tag.");
    }
    if (wireType != WIRETYPE_START_GROUP) {
      in.skipField(tag);
      return;
    }
    int group = WireFormat.getTagFieldNumber(tag);
    checkDepth(depth + 1);
    for (int t = in.readTag(); ; t = in.readTag()) {
      if (t == 0) {
        throw new InvalidProtocolBufferException(
            "Group " + group + " is not terminated (truncated message).");
      }
      if (WireFormat.getTagWireType(t) == WIRETYPE_END_GROUP) {
        if (WireFormat.getTagFieldNumber(t) != group) {
          throw new InvalidProtocolBufferException(
              "Protocol message end-group tag did not match expected tag.");
        }
        return;
      }
      skipField(in, t, depth + 1);
    }
  }

  static void checkDepth(int depth) throws InvalidProtocolBufferException {
    if (depth > MAX_DEPTH) {
      throw new InvalidProtocolBufferException(
          "Protocol message had too many levels of nesting (more than " + MAX_DEPTH + ").");
    }
  }

  /** Starts reading a length-delimited nested message; returns the limit to pop. */
  static int enter(CodedInputStream in, int depth) throws IOException {
    checkDepth(depth);
    return in.pushLimit(in.readRawVarint32());
  }

  static void exit(CodedInputStream in, int oldLimit) throws IOException {
    in.checkLastTagWas(0);
    in.popLimit(oldLimit);
  }

  static String wireTypeName(int wireType) {
    switch (wireType) {
      case WireFormat.WIRETYPE_VARINT: return "varint";
      case WireFormat.WIRETYPE_FIXED64: return "fixed64";
      case WireFormat.WIRETYPE_LENGTH_DELIMITED: return "length-delimited";
      case WIRETYPE_START_GROUP: return "start-group";
      case WIRETYPE_END_GROUP: return "end-group";
      case WireFormat.WIRETYPE_FIXED32: return "fixed32";
      default: return "invalid wire type " + wireType;
    }
  }
}
