/**
 * Cross-host round trip through the uplink beside plain Spring Cloud Stream on the same broker.
 */
@NullMarked
package dev.ipcsocket.benchmarks.uplink;

import org.jspecify.annotations.NullMarked;
