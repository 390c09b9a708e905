/**
 * Unix domain socket transport: junixsocket wired into Spring Integration's TCP connection
 * factories, length-header framing, the election lock and the socket path checks.
 */
@NullMarked
package dev.ipcsocket.transport;

import org.jspecify.annotations.NullMarked;
