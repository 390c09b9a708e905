/**
 * JMH benchmarks of the in-process hot path, run with the GC profiler for bytes per message.
 */
@NullMarked
package dev.ipcsocket.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
