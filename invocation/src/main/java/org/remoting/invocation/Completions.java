package org.remoting.invocation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.remoting.ResultCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts asynchronous calls and hands their outcome to the user on the requestor's callback
 * executor, never on the thread that completed the call (a transport thread).
 */
final class Completions {
  private static final Logger log = LoggerFactory.getLogger(Completions.class);
  /** The thread that delivers an outcome that the callback executor refused. */
  static final String LATE_CALLBACK_THREAD = "remoting-refused-callback";

  private Completions() {}

  /**
   * {@link Requestor#invokeAsync}, with a failure thrown by the requestor (for example an
   * argument that cannot be encoded) reported through the future, like any other failure.
   */
  @SuppressWarnings("unchecked")
  static <T> CompletableFuture<T> start(Requestor requestor, Method method, Object[] wireArgs) {
    try {
      CompletableFuture<Object> call = requestor.invokeAsync(method, wireArgs);
      if (call == null) {
        throw new IllegalStateException(requestor + " returned no future for " + method);
      }
      return (CompletableFuture<T>) call;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A future that completes with {@code call}'s outcome on {@code executor}, and whose
   * dependent stages without an explicit executor run there too. Completing it before the call
   * does (cancel, {@code orTimeout}, {@code complete}) cancels the call.
   */
  static <T> CompletableFuture<T> relay(CompletableFuture<T> call, Executor executor, String what) {
    CallbackFuture<T> user = new CallbackFuture<>(executor);
    call.whenComplete(
        (result, failure) ->
            execute(executor, what, () -> {
              if (failure == null) {
                user.complete(result);
              } else {
                user.completeExceptionally(Throwables.unwrap(failure));
              }
            }));
    user.whenComplete((result, failure) -> {
      if (!call.isDone()) {
        call.cancel(false);
      }
    });
    return user;
  }

  /**
   * Calls exactly one of {@code callback.onResult} and {@code onError} with {@code call}'s
   * outcome, on {@code executor}. An exception thrown by the callback is logged at WARN.
   */
  static <T> void deliver(
      CompletableFuture<T> call, ResultCallback<? super T> callback, Executor executor,
      String what) {
    call.whenComplete(
        (result, failure) ->
            execute(executor, what, () -> {
              try {
                if (failure == null) {
                  callback.onResult(result);
                } else {
                  callback.onError(Throwables.unwrap(failure));
                }
              } catch (VirtualMachineError e) {
                throw e;
              } catch (Throwable e) {
                log.warn("The ResultCallback of {} threw; ignored", what, e);
              }
            }));
  }

  /**
   * Runs {@code task} on {@code executor}, or, if the executor refuses it, on one shared thread
   * kept for that: never here, on the thread that completed the call, which may be a transport
   * thread. An executor refuses when the client that owns it is closed (the outcome of a call
   * cancelled by the close) or when the application's executor is saturated or shut down.
   */
  private static void execute(Executor executor, String what, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      if (executor instanceof ExecutorService service && service.isShutdown()) {
        log.debug("The callback executor is shut down; delivering the outcome of {} on {}", what,
            LATE_CALLBACK_THREAD);
      } else {
        log.warn("The callback executor refused the outcome of {} ({}); delivering it on {}", what,
            e.toString(), LATE_CALLBACK_THREAD);
      }
      RefusedOutcomes.EXECUTOR.execute(task);
    }
  }

  /**
   * The one thread, started on first use and ended after a second idle, that delivers the
   * outcomes callback executors refused, in the order they came: however many there are (a
   * client closed with thousands of calls in flight), they cost one thread.
   */
  private static final class RefusedOutcomes {
    static final ThreadPoolExecutor EXECUTOR = create();

    private static ThreadPoolExecutor create() {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              1,
              1,
              1,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              task -> {
                Thread thread = new Thread(task, LATE_CALLBACK_THREAD);
                thread.setDaemon(true);
                return thread;
              });
      executor.allowCoreThreadTimeOut(true);
      return executor;
    }
  }

  /** Dependent stages default to the callback executor. */
  private static final class CallbackFuture<T> extends CompletableFuture<T> {
    private final Executor executor;

    CallbackFuture(Executor executor) {
      this.executor = executor;
    }

    @Override
    public Executor defaultExecutor() {
      return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CallbackFuture<>(executor);
    }
  }
}
