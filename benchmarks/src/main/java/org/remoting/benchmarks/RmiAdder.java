package org.remoting.benchmarks;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** The Java RMI competitor's remote interface: the same {@code add} as {@link Adder}. */
public interface RmiAdder extends Remote {
  int add(int a, int b) throws RemoteException;
}
