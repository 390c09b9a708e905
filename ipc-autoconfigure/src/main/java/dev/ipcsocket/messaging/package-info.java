/**
 * Spring Integration message channels bound to an {@link dev.ipcsocket.IPCSocket}.
 */
@NullMarked
package dev.ipcsocket.messaging;

import org.jspecify.annotations.NullMarked;
