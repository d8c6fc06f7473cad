package org.remoting.benchmarks;

/**
 * One way of making the benchmarked call: a server and a client, wired by {@link #start()}, and
 * the call that {@link LoadGenerator} threads repeat.
 */
public interface Scenario {
  /** Short id for {@code --only}, such as {@code grpc} or {@code pooled}. */
  String id();

  /** The name shown in the results table, such as {@code raw grpc-java}. */
  String name();

  /** What each call does. */
  Workload workload();

  /**
   * Starts the server, connects the client and makes one call, so that connecting is not part of
   * any measurement.
   *
   * @throws Exception if either cannot start
   */
  Session start() throws Exception;

  /** The call being measured. */
  enum Workload {
    /** {@code add(int, int)}: two int32 fields in, one out. */
    ADD("add(int,int)"),
    /** {@code echo(byte[1024])}: 1 KiB of bytes in and out. */
    ECHO_1K("echo(byte[1024])"),
    /**
     * {@code add(int, int)} sent fire-and-forget: the rate at which calls are handed to the
     * transport; the session checks at the end, behind a sync-with-server fence, that the server
     * ran every one. Compared with the synchronous {@link #ADD} rows.
     */
    ONE_WAY("add(int,int) fire-and-forget"),
    /**
     * {@code add(int, int)} sent sync-with-server: each call returns once the server has accepted
     * it, and the method runs after that acknowledgement; the session checks at the end, like
     * {@link #ONE_WAY}, that the server ran every one. Compared with the synchronous {@link #ADD}
     * rows.
     */
    SYNC_WITH_SERVER("add(int,int) sync-with-server"),
    /** A {@link Probe}: the first call of a passivated object, which reactivates it. */
    REACTIVATION("size() reactivating, 1 KiB state"),
    /** A {@link Probe}: the same call on the object once it is active again. */
    ACTIVE_OBJECT("size() of an active object"),
    /** A {@link Probe}: one lease renewal call for every leased object a client holds. */
    LEASE_RENEWAL("lease renewal, all objects in one call"),
    /** A {@link Probe}: heap used with many passivated objects and some active ones. */
    HEAP("heap, passivated + active objects"),
    /** A {@link Probe}: bytes allocated by all threads per {@code add(int, int)} call. */
    ALLOCATION("add(int,int), bytes allocated");

    private final String label;

    Workload(String label) {
      this.label = label;
    }

    /** The workload whose rows this one's ratios are computed against. */
    public Workload baseline() {
      return this == ONE_WAY || this == SYNC_WITH_SERVER ? ADD : this;
    }

    /** How the workload appears in the results table. */
    public String label() {
      return label;
    }
  }

  /** A running server plus a connected client. Closing stops both. */
  interface Session extends AutoCloseable {
    /**
     * A call for one load-generator thread. The returned call is used by that thread only; the
     * session may share one client (channel, proxy, stub) among all of them.
     */
    Call newCall();

    /**
     * How many servant instances the server has created so far, or -1 if the scenario does not
     * know. Lets tests check that a lifecycle really behaves as configured.
     */
    default long servantInstances() {
      return -1;
    }

    /**
     * Stops the client and the server.
     *
     * @throws IllegalStateException if they cannot be stopped cleanly
     */
    @Override
    void close();
  }

  /** One remote call, checked. */
  @FunctionalInterface
  interface Call {
    /**
     * Makes one call and checks its result.
     *
     * @param sequence the calling thread's call counter, to vary the arguments
     * @throws Exception if the call fails or returns a wrong result
     */
    void invoke(int sequence) throws Exception;
  }
}
