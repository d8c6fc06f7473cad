package org.remoting.runtime;

import org.remoting.PollObject;
import org.remoting.Remote;

/** A servant method returning a poll object that completes later, for executor tests. */
@Remote("test.SlowPoll")
public interface SlowPoll {
  /** Returns at once a poll object that completes after the servant's delay (or never). */
  PollObject<String> later();
}
