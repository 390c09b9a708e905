/**
 * Public API of the IPC socket: the {@link dev.ipcsocket.IPCSocket} contract, its errors and its events.
 */
@NullMarked
package dev.ipcsocket;

import org.jspecify.annotations.NullMarked;
