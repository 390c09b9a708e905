package dev.ipcsocket.test.example;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.ipcsocket.IpcDataEvent;

/**
 * The README's example component: answers "ping" with "pong" to every sibling.
 */
@Component
class PingPong {

	@EventListener
	void on(IpcDataEvent event) {
		if (event.getText().equals("ping")) {
			event.getSocket().send("pong");
		}
	}

}
