package org.remoting.runtime.internal.config;

import java.nio.file.Path;
import org.remoting.lifecycle.passivation.PassivationPolicy;

/**
 * Validated {@code passivation} settings of one servant.
 *
 * @param policy idle time and most active objects
 * @param fileStore whether state goes to the file store ({@code store = file}) or memory
 * @param directory the file store's root directory
 * @param createUnknown whether a call for an id with no stored state creates the object
 */
public record PassivationSettings(
    PassivationPolicy policy, boolean fileStore, Path directory, boolean createUnknown) {}
