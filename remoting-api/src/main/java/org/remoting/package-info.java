/**
 * The public API of the remoting framework: what application code compiles against. Annotate an
 * interface with {@link org.remoting.Remote}, implement it in a servant class (optionally
 * annotated with {@link org.remoting.Servant}), export it from a server and call it from a
 * client through a proxy. Depends on the JDK only.
 */
package org.remoting;
