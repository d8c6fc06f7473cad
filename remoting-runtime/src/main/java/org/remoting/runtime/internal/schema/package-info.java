/**
 * Internal: derives protobuf descriptors from remote interfaces and encodes calls with hand-written
 * codecs. Not a public API; it may change at any time. The mapping is specified in the project's
 * {@code docs/wire-mapping.md}; {@link org.remoting.runtime.internal.schema.SchemaCompiler} is the
 * entry point.
 */
package org.remoting.runtime.internal.schema;
