/**
 * The sibling bus, independent of any socket: frames, their codec, the handshake rules and hub
 * routing. A broker uplink can relay the same frames.
 */
@NullMarked
package dev.ipcsocket.bus;

import org.jspecify.annotations.NullMarked;
