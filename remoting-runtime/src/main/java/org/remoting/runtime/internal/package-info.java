/**
 * Implementation of the gRPC runtime. Internal: not for use outside this framework; may change
 * at any time without notice.
 */
package org.remoting.runtime.internal;
