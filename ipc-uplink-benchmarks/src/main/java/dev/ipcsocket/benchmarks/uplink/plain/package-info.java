/**
 * The baseline: two plain Spring Cloud Stream applications that ping and pong through a broker.
 */
@NullMarked
package dev.ipcsocket.benchmarks.uplink.plain;

import org.jspecify.annotations.NullMarked;
