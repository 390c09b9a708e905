package dev.ipcsocket.test.quickstart;

import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.ipcsocket.IPCSocket;
import dev.ipcsocket.IpcDataEvent;
import dev.ipcsocket.IpcMemberJoinedEvent;

@Component
class Siblings {

	private final IPCSocket socket;

	Siblings(IPCSocket socket) {
		this.socket = socket;
	}

	@EventListener(ApplicationReadyEvent.class)
	void greet() {
		// every sibling already running gets it; with none running yet it reaches nobody, and that is fine
		this.socket.send("hello from " + this.socket.instanceId());
	}

	@EventListener
	void welcome(IpcMemberJoinedEvent event) {
		String newcomer = event.getMember().id();
		this.socket.sendTo(newcomer, ("welcome, " + newcomer).getBytes(StandardCharsets.UTF_8));
	}

	@EventListener
	void on(IpcDataEvent event) {
		System.out.println(event.getPeer().id() + " says " + event.getText());
	}

}
