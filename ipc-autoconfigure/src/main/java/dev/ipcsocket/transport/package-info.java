/**
 * Unix domain sockets, knowing no bus frame: junixsocket in Spring Integration's connection
 * factories, length-header framing, the election lock, path checks, peer credentials, the watchdog.
 */
@NullMarked
package dev.ipcsocket.transport;

import org.jspecify.annotations.NullMarked;
