/**
 * Where passivated servants keep their state: the {@link org.remoting.lifecycle.store.StateStore}
 * SPI, which stores opaque bytes per (service, object id), and the
 * {@link org.remoting.lifecycle.store.StateCodec} that turns a servant's state object into those
 * bytes. Two stores ship here: {@link org.remoting.lifecycle.store.InMemoryStateStore} (tests,
 * caches) and {@link org.remoting.lifecycle.store.FileStateStore} (the embedded default: one file
 * per object, written atomically, survives a restart).
 */
package org.remoting.lifecycle.store;
