/**
 * The starter as a Spring Boot user runs it: a context with {@code ipc.path}, replies from an
 * {@code @EventListener} through the {@code IPCSocket} bean, or through the message channels.
 */
@NullMarked
package dev.ipcsocket.benchmarks.spring;

import org.jspecify.annotations.NullMarked;
