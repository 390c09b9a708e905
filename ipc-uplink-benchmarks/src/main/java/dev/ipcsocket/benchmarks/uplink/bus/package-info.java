/**
 * The subject: two hubs on two simulated hosts that ping and pong through their uplinks.
 */
@NullMarked
package dev.ipcsocket.benchmarks.uplink.bus;

import org.jspecify.annotations.NullMarked;
