/**
 * The sibling bus, without sockets: hub admission, routing and membership ({@code Hub}), the
 * member side ({@code HubClient}), requests, re-election with its outbox, frames and their codec.
 */
@NullMarked
package dev.ipcsocket.bus;

import org.jspecify.annotations.NullMarked;
