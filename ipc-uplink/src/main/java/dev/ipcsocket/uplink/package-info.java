/**
 * The broker uplink: carries the sibling bus to other hosts through a Spring Cloud Stream binder.
 */
@NullMarked
package dev.ipcsocket.uplink;

import org.jspecify.annotations.NullMarked;
