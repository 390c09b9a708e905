/**
 * Benchmarks of the IPC socket against raw sockets, run side by side in sibling processes.
 */
@NullMarked
package dev.ipcsocket.benchmarks;

import org.jspecify.annotations.NullMarked;
