package org.remoting.lifecycle.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {

  @Override
  StateStore newStore() {
    return new InMemoryStateStore();
  }

  @Test
  void sizeCountsObjects() {
    InMemoryStateStore memory = new InMemoryStateStore();
    store = memory;
    memory.save(SERVICE, "a", bytes("a"));
    memory.save(SERVICE, "b", bytes("b"));
    memory.save(SERVICE, "a", bytes("a2"));
    assertEquals(2, memory.size());
    memory.delete(SERVICE, "a");
    assertEquals(1, memory.size());
  }
}
