/**
 * Actuator support for the IPC socket: its health indicator, its endpoint and its metrics.
 */
@NullMarked
package dev.ipcsocket.actuate;

import org.jspecify.annotations.NullMarked;
