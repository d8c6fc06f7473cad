package org.remoting.runtime.internal.lease;

/** One leased object as a client holds it: its service and id. */
record LeasedObject(String service, String objectId) {
  @Override
  public String toString() {
    return service + "[" + (objectId.length() <= 6 ? objectId : objectId.substring(0, 6) + "...")
        + "]";
  }
}
