/**
 * The {@code IPCSocket} implementation: composes the bus and the Unix socket transport, and
 * holds the classic byte API (write, flush, read, lookahead) and the error bookkeeping.
 */
@NullMarked
package dev.ipcsocket.socket;

import org.jspecify.annotations.NullMarked;
