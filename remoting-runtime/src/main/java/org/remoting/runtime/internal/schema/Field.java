package org.remoting.runtime.internal.schema;

import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One field of a message: its number and name, presence and repetition, around an {@link
 * Element}. Decoding collects each field's occurrences in an <em>accumulator</em> (the last
 * scalar, the message builder that occurrences merge into, the growing collection), mutated in
 * place so that decoding stays linear in the input, then {@link #finish} turns it into the
 * Java value. Immutable.
 */
abstract class Field {
  final String owner; // full name of the containing message
  final String name;
  final int number;

  Field(String owner, String name, int number) {
    this.owner = owner;
    this.name = name;
    this.number = number;
  }

  /** The encoded size of {@code value} with its tags; 0 when nothing is written. */
  abstract int size(Object value);

  abstract void write(CodedOutputStream out, Object value) throws IOException;

  /** Reads one occurrence with the given wire type; returns the new accumulator. */
  abstract Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException;

  /** The Java value for an accumulator; {@code acc} is null when the field was absent. */
  abstract Object finish(Object acc) throws InvalidProtocolBufferException;

  /** Adds this field, and the nested types it needs, to its message. */
  abstract void describe(DescriptorProto.Builder message);

  /** Adds the files that define the types of this field. */
  abstract void collectFiles(Map<String, FileDescriptor> files);

  final int tagSize() {
    return CodedOutputStream.computeTagSize(number);
  }

  final String fullName() {
    return owner + "." + name;
  }

  final InvalidProtocolBufferException wrongWireType(int actual, int expected) {
    return new InvalidProtocolBufferException("Field " + fullName() + " (number " + number
        + ") has wire type " + Wire.wireTypeName(actual) + ", expected "
        + Wire.wireTypeName(expected));
  }

  static FieldDescriptorProto.Builder proto(String name, int number, Label label, Element element) {
    var field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setLabel(label)
        .setType(element.protoType());
    if (element.typeName() != null) {
      field.setTypeName(element.typeName());
    }
    return field;
  }

  static void collect(Element element, Map<String, FileDescriptor> files) {
    FileDescriptor file = element.file();
    if (file != null) {
      files.putIfAbsent(file.getName(), file);
    }
  }

  /**
   * A single value. With implicit presence (Java primitives) the proto3 default is not written and
   * an absent field reads as the default; with explicit presence {@code null} is absent.
   */
  static class Singular extends Field {
    final Element element;
    private final boolean explicit;

    Singular(String owner, String name, int number, Element element, boolean explicit) {
      super(owner, name, number);
      this.element = element;
      this.explicit = explicit;
    }

    @Override
    int size(Object value) {
      if (value == null || (!explicit && element.isDefault(value))) {
        return 0;
      }
      return tagSize() + element.size(value);
    }

    @Override
    void write(CodedOutputStream out, Object value) throws IOException {
      if (value == null || (!explicit && element.isDefault(value))) {
        return;
      }
      out.writeTag(number, element.wireType());
      element.write(out, value);
    }

    @Override
    Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
      if (wireType != element.wireType()) {
        throw wrongWireType(wireType, element.wireType());
      }
      return element.read(in, acc, depth);
    }

    @Override
    Object finish(Object acc) throws InvalidProtocolBufferException {
      if (acc != null) {
        return element.build(acc);
      }
      return explicit ? null : element.defaultValue();
    }

    @Override
    void describe(DescriptorProto.Builder message) {
      var field = proto(name, number, Label.LABEL_OPTIONAL, element);
      if (explicit && !element.isMessage()) {
        field.setProto3Optional(true); // the synthetic oneof is added when the message is built
      }
      message.addField(field);
    }

    @Override
    void collectFiles(Map<String, FileDescriptor> files) {
      collect(element, files);
    }
  }

  /** {@code Optional<X>}: X with presence; empty (or a null Optional) is absent. */
  static final class OptionalField extends Singular {
    OptionalField(String owner, String name, int number, Element element) {
      super(owner, name, number, element, true);
    }

    @Override
    int size(Object value) {
      return value == null ? 0 : super.size(((Optional<?>) value).orElse(null));
    }

    @Override
    void write(CodedOutputStream out, Object value) throws IOException {
      if (value != null) {
        super.write(out, ((Optional<?>) value).orElse(null));
      }
    }

    @Override
    Object finish(Object acc) throws InvalidProtocolBufferException {
      return Optional.ofNullable(acc == null ? null : element.build(acc));
    }
  }

  /**
   * {@code List<X>} or {@code Set<X>} as a repeated field, packed for numbers, bools and enums.
   * Both packed and unpacked occurrences are read. Null is written as empty; decoding yields a
   * mutable {@link ArrayList} or {@link LinkedHashSet}.
   */
  static final class Repeated extends Field {
    private final Element element;
    private final boolean set;

    Repeated(String owner, String name, int number, Element element, boolean set) {
      super(owner, name, number);
      this.element = element;
      this.set = set;
    }

    @Override
    int size(Object value) {
      Collection<?> values = (Collection<?>) value;
      if (values == null || values.isEmpty()) {
        return 0;
      }
      if (element.packable()) {
        int data = dataSize(values);
        return tagSize() + CodedOutputStream.computeUInt32SizeNoTag(data) + data;
      }
      return tagSize() * values.size() + dataSize(values);
    }

    private int dataSize(Collection<?> values) {
      int size = 0;
      for (Object v : values) {
        size += element.size(checkElement(v));
      }
      return size;
    }

    @Override
    void write(CodedOutputStream out, Object value) throws IOException {
      Collection<?> values = (Collection<?>) value;
      if (values == null || values.isEmpty()) {
        return;
      }
      if (element.packable()) {
        out.writeTag(number, WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(dataSize(values));
        for (Object v : values) {
          element.write(out, v);
        }
      } else {
        for (Object v : values) {
          out.writeTag(number, element.wireType());
          element.write(out, checkElement(v));
        }
      }
    }

    private Object checkElement(Object v) {
      if (v == null) {
        throw new IllegalArgumentException("Null element in repeated field " + fullName());
      }
      return v;
    }

    @Override
    @SuppressWarnings("unchecked")
    Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
      Collection<Object> values = acc != null ? (Collection<Object>) acc : newCollection();
      if (wireType == element.wireType()) {
        values.add(element.build(element.read(in, null, depth)));
      } else if (wireType == WIRETYPE_LENGTH_DELIMITED && element.packable()) {
        int oldLimit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          values.add(element.build(element.read(in, null, depth)));
        }
        in.popLimit(oldLimit);
      } else {
        throw wrongWireType(wireType, element.wireType());
      }
      return values;
    }

    private Collection<Object> newCollection() {
      return set ? new LinkedHashSet<>() : new ArrayList<>();
    }

    @Override
    Object finish(Object acc) {
      return acc != null ? acc : newCollection();
    }

    @Override
    void describe(DescriptorProto.Builder message) {
      message.addField(proto(name, number, Label.LABEL_REPEATED, element));
    }

    @Override
    void collectFiles(Map<String, FileDescriptor> files) {
      collect(element, files);
    }
  }

  /**
   * {@code Map<K, V>} as a proto map: repeated {@code XEntry {key = 1; value = 2;}} messages with
   * {@code map_entry = true}. Entries always carry key and value; an absent key or value reads as
   * its default. A later entry for a key replaces the earlier one. Null is written as empty;
   * decoding yields a mutable {@link LinkedHashMap}.
   */
  static final class MapField extends Field {
    private static final int KEY = 1;
    private static final int VALUE = 2;

    private final Element key;
    private final Element value;
    private final String entryName;

    MapField(String owner, String name, int number, Element key, Element value) {
      super(owner, name, number);
      this.key = key;
      this.value = value;
      this.entryName = Names.upperCamelCase(name) + "Entry";
    }

    @Override
    int size(Object map) {
      if (map == null) {
        return 0;
      }
      int size = 0;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
        int entry = entrySize(e);
        size += tagSize() + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
      }
      return size;
    }

    private int entrySize(Map.Entry<?, ?> e) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("Null key in map field " + fullName());
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            "Null value for key " + e.getKey() + " in map field " + fullName());
      }
      return 2 + key.size(e.getKey()) + value.size(e.getValue());
    }

    @Override
    void write(CodedOutputStream out, Object map) throws IOException {
      if (map == null) {
        return;
      }
      for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
        out.writeTag(number, WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(entrySize(e));
        out.writeTag(KEY, key.wireType());
        key.write(out, e.getKey());
        out.writeTag(VALUE, value.wireType());
        value.write(out, e.getValue());
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
      if (wireType != WIRETYPE_LENGTH_DELIMITED) {
        throw wrongWireType(wireType, WIRETYPE_LENGTH_DELIMITED);
      }
      Map<Object, Object> map = acc != null ? (Map<Object, Object>) acc : new LinkedHashMap<>();
      int entryDepth = depth + 1;
      int oldLimit = Wire.enter(in, entryDepth);
      Object k = null;
      Object v = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int n = WireFormat.getTagFieldNumber(tag);
        int wt = WireFormat.getTagWireType(tag);
        if (n == KEY) {
          if (wt != key.wireType()) {
            throw wrongWireType(wt, key.wireType());
          }
          k = key.build(key.read(in, null, entryDepth));
        } else if (n == VALUE) {
          if (wt != value.wireType()) {
            throw wrongWireType(wt, value.wireType());
          }
          v = value.read(in, v, entryDepth);
        } else {
          Wire.skipField(in, tag, entryDepth);
        }
      }
      Wire.exit(in, oldLimit);
      map.put(k != null ? k : key.defaultValue(), v != null ? value.build(v) : value.defaultValue());
      return map;
    }

    @Override
    Object finish(Object acc) {
      return acc != null ? acc : new LinkedHashMap<>();
    }

    @Override
    void describe(DescriptorProto.Builder message) {
      message.addNestedType(DescriptorProto.newBuilder()
          .setName(entryName)
          .addField(proto("key", KEY, Label.LABEL_OPTIONAL, key))
          .addField(proto("value", VALUE, Label.LABEL_OPTIONAL, value))
          .setOptions(MessageOptions.newBuilder().setMapEntry(true)));
      message.addField(FieldDescriptorProto.newBuilder()
          .setName(name)
          .setNumber(number)
          .setLabel(Label.LABEL_REPEATED)
          .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
          .setTypeName("." + owner + "." + entryName));
    }

    @Override
    void collectFiles(Map<String, FileDescriptor> files) {
      collect(key, files);
      collect(value, files);
    }
  }

  /** Builds a message from its fields, adding the synthetic oneofs of proto3 optional fields. */
  static DescriptorProto message(String simpleName, List<Field> fields) {
    var message = DescriptorProto.newBuilder().setName(simpleName);
    for (Field f : fields) {
      f.describe(message);
    }
    var names = new HashSet<String>();
    for (FieldDescriptorProto f : message.getFieldList()) {
      names.add(f.getName());
    }
    for (int i = 0; i < message.getFieldCount(); i++) {
      if (message.getField(i).getProto3Optional()) {
        String oneof = "_" + message.getField(i).getName();
        while (!names.add(oneof)) {
          oneof = "X" + oneof; // as protoc does on a clash
        }
        message.getFieldBuilder(i).setOneofIndex(message.getOneofDeclCount());
        message.addOneofDeclBuilder().setName(oneof);
      }
    }
    return message.build();
  }
}
