package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Prints a protobuf file as {@code .proto} source: syntax, package, imports, messages (map entries
 * as {@code map<K, V>} fields, proto3 {@code optional}, oneofs, nested types), enums and services.
 * Type references are fully qualified ({@code .pkg.Type}), so the text means the same wherever it
 * is placed. Options other than {@code map_entry} and {@code allow_alias} are not printed.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtoPrinter {
  private ProtoPrinter() {}

  /** The {@code .proto} source text of {@code file}. */
  public static String print(FileDescriptor file) {
    return print(requireNonNull(file, "file").toProto());
  }

  static String print(FileDescriptorProto file) {
    var out = new StringBuilder();
    String syntax = file.getSyntax().isEmpty() ? "proto2" : file.getSyntax();
    if (syntax.equals("editions")) {
      out.append("edition = \"").append(file.getEdition().name().substring("EDITION_".length()))
          .append("\";\n");
    } else {
      out.append("syntax = \"").append(syntax).append("\";\n");
    }
    if (file.hasPackage()) {
      out.append("\npackage ").append(file.getPackage()).append(";\n");
    }
    if (file.getDependencyCount() > 0) {
      out.append('\n');
      for (int i = 0; i < file.getDependencyCount(); i++) {
        boolean isPublic = file.getPublicDependencyList().contains(i);
        out.append(isPublic ? "import public \"" : "import \"").append(file.getDependency(i))
            .append("\";\n");
      }
    }
    String scope = file.hasPackage() ? "." + file.getPackage() : "";
    boolean proto3 = syntax.equals("proto3");
    for (DescriptorProto message : file.getMessageTypeList()) {
      out.append('\n');
      message(out, message, scope, proto3, "");
    }
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      out.append('\n');
      enumType(out, e, "");
    }
    for (ServiceDescriptorProto service : file.getServiceList()) {
      out.append("\nservice ").append(service.getName()).append(" {\n");
      for (MethodDescriptorProto m : service.getMethodList()) {
        out.append("  rpc ").append(m.getName()).append('(')
            .append(m.getClientStreaming() ? "stream " : "").append(m.getInputType())
            .append(") returns (").append(m.getServerStreaming() ? "stream " : "")
            .append(m.getOutputType()).append(");\n");
      }
      out.append("}\n");
    }
    return out.toString();
  }

  private static void message(
      StringBuilder out, DescriptorProto message, String scope, boolean proto3, String indent) {
    String fullName = scope + "." + message.getName();
    String inner = indent + "  ";
    out.append(indent).append("message ").append(message.getName()).append(" {\n");
    Set<Integer> printedOneofs = new HashSet<>();
    for (FieldDescriptorProto field : message.getFieldList()) {
      boolean realOneof = field.hasOneofIndex() && !field.getProto3Optional();
      if (!realOneof) {
        field(out, field, message, fullName, proto3, inner);
      } else if (printedOneofs.add(field.getOneofIndex())) {
        out.append(inner).append("oneof ")
            .append(message.getOneofDecl(field.getOneofIndex()).getName()).append(" {\n");
        for (FieldDescriptorProto member : message.getFieldList()) {
          if (member.hasOneofIndex() && member.getOneofIndex() == field.getOneofIndex()
              && !member.getProto3Optional()) {
            field(out, member, message, fullName, true, inner + "  ");
          }
        }
        out.append(inner).append("}\n");
      }
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (!nested.getOptions().getMapEntry()) {
        message(out, nested, fullName, proto3, inner);
      }
    }
    for (EnumDescriptorProto e : message.getEnumTypeList()) {
      enumType(out, e, inner);
    }
    out.append(indent).append("}\n");
  }

  private static void field(StringBuilder out, FieldDescriptorProto field, DescriptorProto message,
      String messageName, boolean proto3, String indent) {
    out.append(indent);
    DescriptorProto entry = mapEntry(field, message, messageName);
    if (entry != null) {
      out.append("map<").append(type(entry.getField(0))).append(", ")
          .append(type(entry.getField(1))).append("> ");
    } else {
      if (field.getLabel() == Label.LABEL_REPEATED) {
        out.append("repeated ");
      } else if (field.getProto3Optional() || !proto3 && field.getLabel() == Label.LABEL_OPTIONAL) {
        out.append("optional ");
      } else if (field.getLabel() == Label.LABEL_REQUIRED) {
        out.append("required ");
      }
      out.append(type(field)).append(' ');
    }
    out.append(field.getName()).append(" = ").append(field.getNumber()).append(";\n");
  }

  private static DescriptorProto mapEntry(
      FieldDescriptorProto field, DescriptorProto message, String messageName) {
    if (field.getLabel() != Label.LABEL_REPEATED
        || field.getType() != FieldDescriptorProto.Type.TYPE_MESSAGE) {
      return null;
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (nested.getOptions().getMapEntry()
          && field.getTypeName().equals(messageName + "." + nested.getName())) {
        return nested;
      }
    }
    return null;
  }

  private static String type(FieldDescriptorProto field) {
    switch (field.getType()) {
      case TYPE_MESSAGE:
      case TYPE_ENUM:
      case TYPE_GROUP:
        return field.getTypeName();
      default:
        return field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
    }
  }

  private static void enumType(StringBuilder out, EnumDescriptorProto e, String indent) {
    out.append(indent).append("enum ").append(e.getName()).append(" {\n");
    if (e.getOptions().getAllowAlias()) {
      out.append(indent).append("  option allow_alias = true;\n");
    }
    for (EnumValueDescriptorProto v : e.getValueList()) {
      out.append(indent).append("  ").append(v.getName()).append(" = ").append(v.getNumber())
          .append(";\n");
    }
    out.append(indent).append("}\n");
  }
}
